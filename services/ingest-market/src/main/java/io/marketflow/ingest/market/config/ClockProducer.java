package io.marketflow.ingest.market.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the clock injectable, so that tests can pin the time of day against the calendar; the system UTC clock otherwise.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
