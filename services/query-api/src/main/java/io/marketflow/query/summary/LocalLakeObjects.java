package io.marketflow.query.summary;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** The sink's {@code local} storage: {@code {root}/{topic}/{hive path}/{file}}, a bucket being a directory. */
public final class LocalLakeObjects implements LakeObjects {

    private final Path root;

    /** @param root the sink's local directory ({@code marketflow.query.lake.local-dir}) */
    public LocalLakeObjects(Path root) {
        this.root = root;
    }

    @Override
    public Listing list(String bucket, String prefix, int maxObjects) {
        Path dir = root.resolve(bucket);
        if (!Files.isDirectory(dir)) {
            return new Listing(List.of(), false);
        }
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            Iterator<Path> it = files.filter(Files::isRegularFile).sorted().iterator();
            while (it.hasNext()) {
                Path file = it.next();
                String key = dir.relativize(file).toString().replace('\\', '/');
                if (!key.startsWith(prefix)) {
                    continue;
                }
                if (objects.size() == maxObjects) {
                    return new Listing(objects, true);
                }
                objects.add(new StoredObject(key, Files.size(file)));
            }
        } catch (NoSuchFileException e) {
            // A file renamed or compacted away during the walk: the next refresh sees the new state.
            return new Listing(objects, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Listing(objects, false);
    }

    @Override
    public byte[] tail(String bucket, String key, long size, int bytes) {
        try (RandomAccessFile file = new RandomAccessFile(root.resolve(bucket).resolve(key).toFile(), "r")) {
            int n = (int) Math.min(bytes, size);
            byte[] b = new byte[n];
            file.seek(size - n);
            file.readFully(b);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
