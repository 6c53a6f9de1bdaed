package io.marketflow.query.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake package's logic without Quarkus: pruning over a real directory tree, compaction overlap, cache eviction. */
class LakePlainTest {

    @TempDir
    Path dir;

    @Test
    void prunesTradesToTheTickersDatesUnderEverySource() throws IOException {
        for (String key : List.of("source=alpaca/ticker=AAPL/date=2025-03-03/a.parquet", "source=alpaca/ticker=AAPL/date=2025-03-07/b.parquet",
                "source=synthetic/ticker=AAPL/date=2025-03-03/c.parquet", "source=alpaca/ticker=MSFT/date=2025-03-03/d.parquet",
                "source=alpaca/ticker=AAPL/date=2025-03-03/e.parquet.tmp")) {
            touch(dir.resolve("stock_trades").resolve(key), 10);
        }
        LakeCatalog catalog = new LakeCatalog("local", Map.of());
        PartitionPruner pruner = new PartitionPruner(new LocalLakeStorage(dir));
        LakeDataset trades = catalog.get("stock_trades");
        PartitionFilter filter = PartitionFilter.of(Map.of("ticker", "AAPL"), LocalDate.parse("2025-03-02"), LocalDate.parse("2025-03-04"));

        assertThat(pruner.prefixes(trades, filter)).containsExactlyInAnyOrder(
                "source=alpaca/ticker=AAPL/date=2025-03-02/", "source=alpaca/ticker=AAPL/date=2025-03-03/", "source=alpaca/ticker=AAPL/date=2025-03-04/",
                "source=synthetic/ticker=AAPL/date=2025-03-02/", "source=synthetic/ticker=AAPL/date=2025-03-03/", "source=synthetic/ticker=AAPL/date=2025-03-04/");
        assertThat(pruner.objects(trades, filter)).extracting(LakeObject::key)
                .containsExactlyInAnyOrder("source=alpaca/ticker=AAPL/date=2025-03-03/a.parquet", "source=synthetic/ticker=AAPL/date=2025-03-03/c.parquet");
    }

    @Test
    void enumeratesYearsAndListsLongDateRanges() {
        LakeCatalog catalog = new LakeCatalog("s3", Map.of("h_alpaca", "bars-bucket/lake/bars/"));
        LakeDataset bars = catalog.get("h_alpaca");
        assertThat(bars.bucket()).isEqualTo("bars-bucket");
        PartitionPruner pruner = new PartitionPruner(new LocalLakeStorage(dir));
        assertThat(pruner.prefixes(bars, PartitionFilter.of(Map.of("ticker", "BRK.B"), LocalDate.parse("2023-12-31"), LocalDate.parse("2025-01-01"))))
                .containsExactly("lake/bars/ticker=BRK.B/year=2023/", "lake/bars/ticker=BRK.B/year=2024/", "lake/bars/ticker=BRK.B/year=2025/");
        assertThat(PartitionPruner.escape("a/b c:d")).isEqualTo("a%2Fb c%3Ad");
        assertThat(PartitionPruner.unescape("a%2Fb c%3Ad")).isEqualTo("a/b c:d");
        assertThat(PartitionPruner.escape("")).isEqualTo("__HIVE_DEFAULT_PARTITION__");
    }

    @Test
    void dropsCompactionSourcesCoveredByAMergedFileOfTheSameDirectory() {
        LakeObject s1 = object("t=1/h+0+00000000000000000000+00000000000000000009.parquet");
        LakeObject s2 = object("t=1/h+0+00000000000000000010+00000000000000000019.parquet");
        LakeObject merged = object("t=1/h+0+00000000000000000000+00000000000000000019.parquet");
        LakeObject otherPartition = object("t=1/h+1+00000000000000000000+00000000000000000009.parquet");
        LakeObject otherDirectory = object("t=2/h+0+00000000000000000000+00000000000000000009.parquet");
        assertThat(SegmentName.dropCovered(List.of(s1, s2, merged, otherPartition, otherDirectory)))
                .containsExactlyInAnyOrder(merged, otherPartition, otherDirectory);
    }

    @Test
    void cacheEvictsTheLeastRecentlyReadUnpinnedCopies() throws IOException {
        ObjectCache cache = new ObjectCache(dir.resolve("cache"), 250);
        ObjectCache.Fetch fetch = (o, target) -> Files.write(target, new byte[(int) o.size()]);
        LakeObject a = object("a.parquet");
        LakeObject b = object("b.parquet");
        LakeObject c = object("c.parquet");
        Path pa = cache.pin(a, fetch);
        Path pb = cache.pin(b, fetch);
        cache.release(List.of(pb));
        // a is pinned (a query still reads it): adding c evicts b, not a, although a was read first.
        Path pc = cache.pin(c, fetch);
        assertThat(pa).exists();
        assertThat(pb).doesNotExist();
        assertThat(pc).exists();
        assertThat(cache.totalBytes()).isEqualTo(200);
        cache.release(List.of(pa, pc));
        // A copy left by an earlier run is adopted, not fetched again.
        ObjectCache again = new ObjectCache(dir.resolve("cache"), 250);
        assertThat(again.pin(a, (o, t) -> {
            throw new IOException("must not fetch");
        })).isEqualTo(pa);
    }

    @Test
    void listsAgainWhenCompactionDeletedASourceBetweenListingAndRead() throws IOException {
        Path partition = dir.resolve("h_alpaca/ticker=AAPL/year=2025");
        Path s1 = partition.resolve("h_alpaca+0+00000000000000000000+00000000000000000009.parquet");
        Path s2 = partition.resolve("h_alpaca+0+00000000000000000010+00000000000000000019.parquet");
        Path merged = partition.resolve("h_alpaca+0+00000000000000000000+00000000000000000019.parquet");
        touch(s1, 10);
        touch(s2, 10);
        LocalLakeStorage local = new LocalLakeStorage(dir);
        // The real directory, with a compaction run completing right after the first listing: merged file written,
        // sources deleted, as the sink's Compactor does (upload first, delete after).
        LakeStorage compactedAfterFirstListing = new LakeStorage() {
            private boolean compacted;

            @Override
            public List<String> childPrefixes(String bucket, String prefix) {
                return local.childPrefixes(bucket, prefix);
            }

            @Override
            public List<LakeObject> list(String bucket, String prefix) {
                List<LakeObject> listed = local.list(bucket, prefix);
                if (!compacted) {
                    compacted = true;
                    try {
                        touch(merged, 20);
                        Files.delete(s1);
                        Files.delete(s2);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return listed;
            }

            @Override
            public Path localFile(LakeObject object) throws IOException {
                return local.localFile(object);
            }

            @Override
            public byte[] tail(LakeObject object, int bytes) throws IOException {
                return local.tail(object, bytes);
            }

            @Override
            public void ping() {
                local.ping();
            }
        };
        LakeCatalog catalog = new LakeCatalog("local", Map.of());
        Lake lake = new Lake(compactedAfterFirstListing, catalog);
        try (LakeFiles files = lake.files(List.of(catalog.get("h_alpaca")), PartitionFilter.of(Map.of("ticker", "AAPL")))) {
            assertThat(files.paths(catalog.get("h_alpaca"))).containsExactly(merged.toAbsolutePath().toString());
        }
    }

    @Test
    void keepsAListingForItsTtlOnlyAndListsAgainWhenAnObjectItNamesIsGone() throws IOException {
        Path partition = dir.resolve("h_alpaca/ticker=AAPL/year=2025");
        Path s1 = partition.resolve("h_alpaca+0+00000000000000000000+00000000000000000009.parquet");
        Path s2 = partition.resolve("h_alpaca+0+00000000000000000010+00000000000000000019.parquet");
        Path merged = partition.resolve("h_alpaca+0+00000000000000000000+00000000000000000019.parquet");
        touch(s1, 10);
        LakeCatalog catalog = new LakeCatalog("local", Map.of());
        LakeDataset bars = catalog.get("h_alpaca");
        PartitionFilter aapl = PartitionFilter.of(Map.of("ticker", "AAPL"));
        long[] now = {0};
        ListingCache cache = new ListingCache(new LocalLakeStorage(dir), java.time.Duration.ofSeconds(2), () -> now[0]);
        PartitionPruner pruner = new PartitionPruner(cache);
        assertThat(pruner.objects(bars, aapl)).extracting(LakeObject::fileName).containsExactly(name(s1));

        // Written within the ttl: not seen until the ttl has passed (the staleness bound), then seen.
        touch(s2, 10);
        now[0] = 1_999_999_999L;
        assertThat(pruner.objects(bars, aapl)).extracting(LakeObject::fileName).containsExactly(name(s1));
        now[0] = 2_000_000_000L;
        assertThat(pruner.objects(bars, aapl)).extracting(LakeObject::fileName).containsExactlyInAnyOrder(name(s1), name(s2));

        // Through Lake with an hour's ttl: the kept listing names s1 and s2, compaction replaced both by merged; the
        // query finds s1 gone, forgets the listing and reads merged alone, never merged beside a source or half a set.
        Lake lake = new Lake(new LocalLakeStorage(dir), catalog, java.time.Duration.ofHours(1));
        try (LakeFiles files = lake.files(List.of(bars), aapl)) {
            assertThat(files.paths(bars)).hasSize(2);
        }
        touch(merged, 20);
        Files.delete(s1);
        Files.delete(s2);
        try (LakeFiles files = lake.files(List.of(bars), aapl)) {
            assertThat(files.paths(bars)).containsExactly(merged.toAbsolutePath().toString());
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    private static LakeObject object(String key) {
        return new LakeObject("bucket", key, 100, Instant.parse("2025-03-03T00:00:00Z"));
    }

    private static void touch(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
