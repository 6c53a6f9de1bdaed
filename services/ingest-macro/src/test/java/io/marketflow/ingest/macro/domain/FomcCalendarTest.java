package io.marketflow.ingest.macro.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.marketflow.contract.PolicyEvent;

/** The shipped FOMC calendar. */
class FomcCalendarTest {

    @Test
    void everyMeetingIsAnEventAtTheStatementTimeOfItsLastDay() {
        var events = FomcCalendar.load("fomc/fomc_meetings.csv");

        assertThat(events).hasSizeGreaterThan(50).allMatch(e -> e.eventType().equals(PolicyEvent.FOMC_MEETING) && e.changeBps() == null);
        // 2024-09-18 14:00 EDT.
        assertThat(events).extracting(PolicyEvent::effectiveAt).contains(Instant.parse("2024-09-18T18:00:00Z"));
        assertThat(events).extracting(PolicyEvent::effectiveAt).isSorted();
    }

    @Test
    void aMissingCalendarNamesTheKey() {
        assertThatThrownBy(() -> FomcCalendar.load("fomc/nope.csv")).hasMessageContaining("marketflow.macro.policy.calendar-resource");
    }
}
