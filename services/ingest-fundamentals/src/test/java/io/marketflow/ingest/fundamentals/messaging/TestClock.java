package io.marketflow.ingest.fundamentals.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * A clock the test moves by hand (the FMP budget's day turns without waiting for it). Not enabled by default: only a
 * test profile that lists it in {@code getEnabledAlternatives} makes it the service's clock.
 */
@Alternative
@Singleton
public class TestClock extends Clock {

    private volatile Instant now = Instant.parse("2030-01-15T10:00:00Z");

    /** @param instant what the clock says from now on */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
