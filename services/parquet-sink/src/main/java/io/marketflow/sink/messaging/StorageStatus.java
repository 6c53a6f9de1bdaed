package io.marketflow.sink.messaging;

/**
 * Whether storage answers and offsets commit: the writer's last attempt and the periodic probe's; readiness reports DOWN
 * while either fails.
 */
public final class StorageStatus {

    private volatile String lastError;
    private volatile String probeError;

    /** The writer's last attempt succeeded. */
    public void up() {
        lastError = null;
    }

    /** @param error why the writer's last attempt failed */
    public void down(String error) {
        lastError = error;
    }

    /** The probe reached the store. */
    public void probeUp() {
        probeError = null;
    }

    /** @param error why the probe could not reach the store */
    public void probeDown(String error) {
        probeError = error;
    }

    /** @return whether the probe's last attempt failed */
    public boolean probeFailing() {
        return probeError != null;
    }

    /** @return the writer's last error, else the probe's, null when both are healthy */
    public String lastError() {
        String error = lastError;
        return error != null ? error : probeError;
    }
}
