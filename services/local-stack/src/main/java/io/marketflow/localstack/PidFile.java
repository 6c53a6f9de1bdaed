package io.marketflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** The PID file of a server this stack started; it also records the start time so a recycled PID is never mistaken for ours. */
final class PidFile {

    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    /** @param process the server process to remember */
    void write(ProcessHandle process) {
        String started = process.info().startInstant().map(Instant::toString).orElse("-");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, process.pid() + " " + started + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the recorded process if it is still alive and is the same process that was recorded */
    Optional<ProcessHandle> alive() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(file).trim().split(" ");
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0])).filter(ChildProcesses::running);
            String recorded = parts.length > 1 ? parts[1] : "-";
            return process.filter(p -> "-".equals(recorded)
                    || p.info().startInstant().map(Instant::toString).map(recorded::equals).orElse(true));
        } catch (IOException | RuntimeException e) {
            // A torn or foreign file means we cannot claim the process: treat it as not ours.
            return Optional.empty();
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
