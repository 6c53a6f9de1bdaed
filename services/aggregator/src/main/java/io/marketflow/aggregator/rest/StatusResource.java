package io.marketflow.aggregator.rest;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.marketflow.aggregator.messaging.AggregatorLoop;
import io.marketflow.aggregator.messaging.AggregatorMetrics;
import io.marketflow.aggregator.messaging.RunCompletion;
import io.marketflow.aggregator.repository.RunRepository;

/** {@code GET /aggregator/status}: loop state, lag per input, rows written and per second, the last completed run. */
@Path("/aggregator/status")
public class StatusResource {

    private final AggregatorLoop loop;
    private final AggregatorMetrics metrics;
    private final RunRepository runs;
    private final RunCompletion completion;
    private final Instant started = Instant.now();

    public StatusResource(AggregatorLoop loop, AggregatorMetrics metrics, RunRepository runs, RunCompletion completion) {
        this.loop = loop;
        this.metrics = metrics;
        this.runs = runs;
        this.completion = completion;
    }

    /** @return the status document */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", loop.state());
        out.put("last_error", loop.lastError());
        out.put("lag", metrics.lagByTopic());
        double rows = metrics.rowsWritten();
        out.put("rows_written", (long) rows);
        long seconds = Math.max(1, Duration.between(started, Instant.now()).toSeconds());
        out.put("rows_per_second_since_start", rows / seconds);
        out.put("expected_run", completion.runId());
        try {
            out.put("last_completed_run", runs.lastCompleted().orElse(null));
        } catch (SQLException e) {
            out.put("last_completed_run_error", e.getMessage());
        }
        return out;
    }
}
