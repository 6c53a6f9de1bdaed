package io.marketflow.query.rest;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.status.ThroughputHistory;
import io.marketflow.query.summary.SinkDatasets;
import io.marketflow.query.summary.Summary;
import io.marketflow.query.summary.SummaryService;
import io.smallrye.common.annotation.Blocking;

/** The data summary and its sampled history: what the status page polls. Read-only, under the API token like all of /api. */
@Path("/api/summary")
@Tag(name = "summary", description = "Lake, Kafka, dead letters and aggregator at a glance")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    private final SummaryService summary;
    private final ThroughputHistory history;
    private final QueryConfig.Status config;

    /**
     * @param summary the cached summary
     * @param history the sampler's history
     * @param config the sampling interval
     */
    public SummaryResource(SummaryService summary, ThroughputHistory history, QueryConfig config) {
        this.summary = summary;
        this.history = history;
        this.config = config.status();
    }

    /** @return the summary, at most {@code marketflow.query.status.cache-ttl} old */
    @GET
    @Blocking
    @Operation(summary = "Per dataset objects, bytes, rows, first/last event and freshness; per topic records/s and consumer lag; "
            + "DLQ counts with their latest reasons; the aggregator's rows and last run")
    public Summary get() {
        return summary.summary();
    }

    /**
     * The chart data of one topic.
     *
     * @param topic the topic
     * @param dataset the dataset it feeds
     * @param points its rate and sink lag per sample step, oldest first
     */
    public record Series(String topic, String dataset, List<ThroughputHistory.Point> points) {
    }

    /**
     * The sampled history.
     *
     * @param generatedAt now
     * @param intervalSeconds the sampling interval
     * @param series one per raw topic
     */
    public record History(Instant generatedAt, double intervalSeconds, List<Series> series) {
    }

    /** @return per raw topic the records per second and sink lag of each sample step in the window (last hour) */
    @GET
    @Path("/history")
    @Operation(summary = "Records per second and sink lag per raw topic, one point per sample over the last hour (in memory)")
    public History history() {
        List<Series> series = summary.datasets().stream()
                .map((SinkDatasets.Dataset d) -> new Series(d.topic(), d.id(), history.points(d.topic())))
                .toList();
        return new History(Instant.now(), config.sampleInterval().toMillis() / 1000.0, series);
    }
}
