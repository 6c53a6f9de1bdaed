package io.marketflow.sink.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link Storage} in a local directory: {@code {root}/{bucket}/{key}}. A put writes a temporary file, forces it to
 * disk and renames it atomically, so a crash never leaves half a Parquet file under its final name.
 */
public final class LocalStorage implements Storage {

    private static final String TEMP_SUFFIX = ".inprogress";

    private final Path root;

    /** @param root the directory holding one folder per bucket */
    public LocalStorage(Path root) {
        this.root = root.toAbsolutePath();
    }

    @Override
    public void ensureBucket(String bucket) {
        io(() -> Files.createDirectories(root.resolve(bucket)));
    }

    @Override
    public void put(String bucket, String key, byte[] bytes) {
        Path target = root.resolve(bucket).resolve(key);
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        io(() -> {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        Path base = root.resolve(bucket);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        return io(() -> {
            try (Stream<Path> files = Files.walk(base)) {
                return files.filter(Files::isRegularFile)
                        .map(p -> base.relativize(p).toString().replace('\\', '/'))
                        .filter(k -> k.startsWith(prefix) && !k.endsWith(TEMP_SUFFIX))
                        .sorted()
                        .map(k -> new StoredObject(k, base.resolve(k).toFile().length()))
                        .toList();
            }
        });
    }

    @Override
    public byte[] get(String bucket, String key) {
        return io(() -> Files.readAllBytes(root.resolve(bucket).resolve(key)));
    }

    @Override
    public void delete(String bucket, String key) {
        io(() -> {
            try {
                return Files.deleteIfExists(root.resolve(bucket).resolve(key));
            } catch (NoSuchFileException e) {
                return false;
            }
        });
    }

    @Override
    public String describe() {
        return "local " + root;
    }

    private static <T> T io(IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An I/O step whose checked exception becomes unchecked. */
    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }
}
