package io.marketflow.query.lake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local files one query reads, per dataset, pinned in the cache until {@link #close()}.
 */
public final class LakeFiles implements AutoCloseable {

    private final LakeStorage storage;
    private final Map<LakeDataset, List<Path>> files = new LinkedHashMap<>();
    private final Map<LakeDataset, List<LakeObject>> objects = new LinkedHashMap<>();
    private boolean closed;

    LakeFiles(LakeStorage storage) {
        this.storage = storage;
    }

    void add(LakeDataset dataset, List<LakeObject> listed, List<Path> local) {
        objects.put(dataset, List.copyOf(listed));
        files.put(dataset, List.copyOf(local));
    }

    /**
     * @param dataset a dataset of the query
     * @return its files, as absolute paths, in listing order; empty when it has none in range
     */
    public List<String> paths(LakeDataset dataset) {
        List<String> paths = new ArrayList<>();
        files.getOrDefault(dataset, List.of()).forEach(p -> paths.add(p.toAbsolutePath().toString()));
        return paths;
    }

    /**
     * @param dataset a dataset of the query
     * @return the objects the pruned listing found (what tests and the summary count)
     */
    public List<LakeObject> objects(LakeDataset dataset) {
        return objects.getOrDefault(dataset, List.of());
    }

    /** @return the datasets of the query, in the order they were asked for */
    public List<LakeDataset> datasets() {
        return List.copyOf(files.keySet());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            files.values().forEach(storage::release);
        }
    }
}
