package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JVM service's memory limit must leave room for its native memory. The JVM image sizes the heap from the container
 * limit (JAVA_MAX_MEM_RATIO percent of it). What remains must hold what the service was measured to use outside the
 * heap under load; otherwise a backfill gets the pod OOM-killed, which looks like a crash loop.
 */
class MemoryHeadroomTest {

    /**
     * Peak resident memory outside the heap under load (VmHWM minus -Xmx), rounded up. Metaspace, code cache, JIT
     * arenas, GC structures, thread stacks, native buffers. parquet-sink: 168–188 MiB under the throughput benchmark's
     * 3M trades and bars, with a 512 MiB or a 358 MiB heap (docs/BENCHMARKS.md, sink, fourth round). ingest-market:
     * 137–143 MiB under the rate-limited backfill, with a 192 MiB or a 268 MiB heap (docs/BENCHMARKS.md, backfill).
     */
    private static final Map<String, Long> NON_HEAP_MIB = Map.of("parquet-sink", 200L, "ingest-market", 170L);
    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?");

    static Stream<Arguments> servicesInOverlays() {
        return Repo.overlays().stream().flatMap(overlay -> NON_HEAP_MIB.keySet().stream().sorted().map(service -> Arguments.of(overlay, service)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("servicesInOverlays")
    void memoryLimitLeavesRoomBeyondTheHeapForTheMeasuredNativeMemory(String overlay, String service) {
        Rendered rendered = Rendered.overlay(overlay);
        JsonNode deployment = rendered.serviceDeployments().stream().filter(d -> Rendered.name(d).equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no " + service + " Deployment"));
        JsonNode container = Rendered.podSpec(deployment).path("containers").path(0);
        String limit = container.path("resources").path("limits").path("memory").asText();
        String ratio = rendered.environment(container).get("JAVA_MAX_MEM_RATIO");
        assertThat(ratio).as("%s: %s sets no JAVA_MAX_MEM_RATIO, so the image's default sizes its heap", overlay, service).isNotNull();
        long limitMib = mebibytes(overlay, service, limit);
        long heapMib = limitMib * Integer.parseInt(ratio.strip()) / 100;
        long needed = NON_HEAP_MIB.get(service);
        assertThat(limitMib - heapMib)
                .as("%s: %s's memory limit %s minus its heap (JAVA_MAX_MEM_RATIO %s %% = %d MiB) leaves %d MiB, but it uses up to %d MiB "
                        + "outside the heap under load", overlay, service, limit, ratio, heapMib, limitMib - heapMib, needed)
                .isGreaterThanOrEqualTo(needed);
    }

    /** @return a Kubernetes memory quantity (e.g. {@code 768Mi}, {@code 2Gi}, {@code 800M}) in whole MiB */
    private static long mebibytes(String overlay, String service, String quantity) {
        Matcher m = QUANTITY.matcher(quantity.strip());
        assertThat(m.matches()).as("%s: %s's memory limit '%s' is not a quantity this check reads", overlay, service, quantity).isTrue();
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
