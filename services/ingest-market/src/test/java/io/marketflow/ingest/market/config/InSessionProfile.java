package io.marketflow.ingest.market.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose clock runs at normal speed from Thursday 2025-11-20 15:04:00Z (10:04 in New York, inside the
 * regular session), the day of the WebSocket fixture's trades.
 */
public class InSessionProfile implements QuarkusTestProfile {

    /** The instant the clock starts at. */
    public static final Instant START = Instant.parse("2025-11-20T15:04:00Z");

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(InSessionClock.class);
    }

    /** Replaces {@link ClockProducer} while the profile is active. */
    @Alternative
    public static class InSessionClock {

        @Produces
        @Singleton
        Clock clock() {
            return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), START));
        }
    }
}
