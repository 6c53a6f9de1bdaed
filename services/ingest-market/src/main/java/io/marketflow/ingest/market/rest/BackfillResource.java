package io.marketflow.ingest.market.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.marketflow.ingest.market.domain.BackfillProgress;
import io.marketflow.ingest.market.messaging.BackfillRunner;

/**
 * The backfill's progress for people: state, per-ticker and overall percent, rate and ETA.
 */
@Path("/backfill")
public class BackfillResource {

    private final BackfillRunner runner;

    public BackfillResource(BackfillRunner runner) {
        this.runner = runner;
    }

    /**
     * @return the current run's progress
     */
    @GET
    @Path("/progress")
    @Produces(MediaType.APPLICATION_JSON)
    public BackfillProgress.Snapshot progress() {
        return runner.progress().snapshot();
    }
}
