package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parquet-sink's memory limit must leave room for its native memory. The JVM image sizes the heap from the
 * container limit (JAVA_MAX_MEM_RATIO percent of it). What remains must hold what the sink was measured to use outside
 * the heap under load; otherwise a backfill gets the pod OOM-killed, which looks like a crash loop.
 */
class MemoryHeadroomTest {

    /**
     * The sink's peak resident memory outside the heap under the throughput benchmark's load (3M trades, 3M bars; VmHWM
     * minus -Xmx: 168–188 MiB with a 512 MiB or a 358 MiB heap, docs/BENCHMARKS.md, fourth round), rounded up.
     * Metaspace, code cache, JIT arenas, GC structures, thread stacks, zstd's native buffers.
     */
    private static final long SINK_NON_HEAP_MIB = 200;
    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?");

    @ParameterizedTest
    @MethodSource("io.marketflow.deploy.checks.Repo#overlays")
    void sinkMemoryLimitLeavesRoomBeyondTheHeapForItsMeasuredNativeMemory(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        JsonNode sink = rendered.serviceDeployments().stream().filter(d -> Rendered.name(d).equals("parquet-sink")).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no parquet-sink Deployment"));
        JsonNode container = Rendered.podSpec(sink).path("containers").path(0);
        String limit = container.path("resources").path("limits").path("memory").asText();
        String ratio = rendered.environment(container).get("JAVA_MAX_MEM_RATIO");
        assertThat(ratio).as("%s: parquet-sink sets no JAVA_MAX_MEM_RATIO, so the image's default sizes its heap", overlay).isNotNull();
        long limitMib = mebibytes(overlay, limit);
        long heapMib = limitMib * Integer.parseInt(ratio.strip()) / 100;
        assertThat(limitMib - heapMib)
                .as("%s: parquet-sink's memory limit %s minus its heap (JAVA_MAX_MEM_RATIO %s %% = %d MiB) leaves %d MiB, but the sink "
                        + "uses up to %d MiB outside the heap under load", overlay, limit, ratio, heapMib, limitMib - heapMib, SINK_NON_HEAP_MIB)
                .isGreaterThanOrEqualTo(SINK_NON_HEAP_MIB);
    }

    /** @return a Kubernetes memory quantity (e.g. {@code 768Mi}, {@code 2Gi}, {@code 800M}) in whole MiB */
    private static long mebibytes(String overlay, String quantity) {
        Matcher m = QUANTITY.matcher(quantity.strip());
        assertThat(m.matches()).as("%s: parquet-sink's memory limit '%s' is not a quantity this check reads", overlay, quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        long bytes = switch (unit) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "k" -> n * 1_000;
            case "M" -> n * 1_000_000;
            case "G" -> n * 1_000_000_000;
            default -> n;
        };
        return bytes >> 20;
    }
}
