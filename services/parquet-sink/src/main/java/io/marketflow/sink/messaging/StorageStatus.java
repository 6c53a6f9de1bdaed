package io.marketflow.sink.messaging;

/**
 * Whether the last attempt to reach storage or commit offsets succeeded; readiness reports DOWN while it fails.
 */
public final class StorageStatus {

    private volatile String lastError;

    /** The last attempt succeeded. */
    public void up() {
        lastError = null;
    }

    /** @param error why the last attempt failed */
    public void down(String error) {
        lastError = error;
    }

    /** @return the last error, null when healthy */
    public String lastError() {
        return lastError;
    }
}
