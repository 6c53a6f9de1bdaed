package io.marketflow.sink.messaging;

/**
 * Observer of the steps of a cut; tests throw {@link SimulatedCrash} from it to stop a writer at an exact point.
 */
public interface CutHook {

    /** The hook that does nothing. */
    CutHook NONE = new CutHook() {
    };

    /** After the write-ahead markers were committed, before any upload. */
    default void afterMarkers() {
    }

    /** After every file was uploaded, before the final commit. */
    default void afterUploads() {
    }

    /** Thrown by a test hook to emulate the process dying at that point; never retried. */
    final class SimulatedCrash extends RuntimeException {
        /** @param where the step */
        public SimulatedCrash(String where) {
            super("simulated crash " + where);
        }
    }
}
