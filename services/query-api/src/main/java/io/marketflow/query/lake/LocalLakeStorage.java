package io.marketflow.query.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sink's {@code local} storage, {@code {local-dir}/{topic}/{hive path}/…}: DuckDB reads the files where they are.
 * The sink's temporary files do not end in {@code .parquet}, so a half-written file is never listed.
 */
public final class LocalLakeStorage implements LakeStorage {

    private final Path root;

    /**
     * @param root the sink's local directory
     */
    public LocalLakeStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<String> childPrefixes(String bucket, String prefix) {
        Path dir = resolve(bucket, prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> children = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(Files::isDirectory).forEach(p -> children.add(prefix + p.getFileName() + "/"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }

    @Override
    public List<LakeObject> list(String bucket, String prefix) {
        Path base = root.resolve(bucket);
        Path dir = resolve(bucket, prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<LakeObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(f)).forEach(f -> {
                try {
                    objects.add(new LakeObject(bucket, base.relativize(f).toString().replace('\\', '/'), Files.size(f),
                            Files.getLastModifiedTime(f).toInstant()));
                } catch (IOException e) {
                    // Deleted by compaction between the walk and the stat: not part of this listing.
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    @Override
    public Path localFile(LakeObject object) throws IOException {
        Path file = resolve(object.bucket(), object.key());
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return file;
    }

    @Override
    public byte[] tail(LakeObject object, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(localFile(object), StandardOpenOption.READ)) {
            long size = channel.size();
            int n = (int) Math.min(size, bytes);
            ByteBuffer buffer = ByteBuffer.allocate(n);
            channel.position(size - n);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full
            }
            return buffer.array();
        }
    }

    @Override
    public void ping() {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("local lake directory " + root + " does not exist");
        }
    }

    private Path resolve(String bucket, String key) {
        Path path = root.resolve(bucket).resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key leaves the lake directory: " + key);
        }
        return path;
    }
}
