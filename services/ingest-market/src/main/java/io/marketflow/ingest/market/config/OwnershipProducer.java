package io.marketflow.ingest.market.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.ingest.market.domain.SessionOwnership;

/**
 * Makes the one "who produces now" decision injectable, shared by the synthetic generator and the real-time stream.
 */
public class OwnershipProducer {

    @Produces
    @Singleton
    SessionOwnership sessionOwnership(MarketConfig config, MarketCalendar calendar) {
        return new SessionOwnership(calendar, realtimeAvailable(config));
    }

    /**
     * @param config the service configuration
     * @return true when the real-time stream is switched on and both Alpaca keys are set
     */
    public static boolean realtimeAvailable(MarketConfig config) {
        return config.realtime().enabled() && nonBlank(config.alpaca().keyId()) && nonBlank(config.alpaca().secretKey());
    }

    private static boolean nonBlank(java.util.Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }
}
