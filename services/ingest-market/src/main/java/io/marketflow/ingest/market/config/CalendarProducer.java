package io.marketflow.ingest.market.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.marketflow.calendar.MarketCalendar;

/**
 * Makes the NYSE calendar injectable.
 */
public class CalendarProducer {

    @Produces
    @Singleton
    MarketCalendar marketCalendar() {
        return MarketCalendar.nyse();
    }
}
