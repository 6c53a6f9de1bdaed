package io.marketflow.ingest.fundamentals.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The point-in-time rule: filing date, acceptance after the close, and the fallback without either. */
class AvailabilityRuleTest {

    private final AvailabilityRule rule = new AvailabilityRule(90);

    @Test
    void aFiledStatementIsAvailableFromItsFilingDateNotItsFiscalYear() {
        // AAPL FY2024 (period end 2024-09-28): filed 2024-11-01, accepted 06:01 New York, before the open.
        assertThat(rule.availableFrom(LocalDate.parse("2024-11-01"), AvailabilityRule.acceptedAt("2024-11-01 06:01:36"),
                LocalDate.parse("2024-09-28"))).isEqualTo(LocalDate.parse("2024-11-01"));
    }

    @Test
    void acceptanceAfterTheCloseMakesItAvailableTheNextDay() {
        assertThat(rule.availableFrom(null, AvailabilityRule.acceptedAt("2020-10-29 18:06:25"), null)).isEqualTo(LocalDate.parse("2020-10-30"));
        assertThat(rule.availableFrom(LocalDate.parse("2020-10-29"), AvailabilityRule.acceptedAt("2020-10-29 18:06:25"), null))
                .isEqualTo(LocalDate.parse("2020-10-30"));
    }

    @Test
    void withoutAFilingDateItIsAvailableNinetyDaysAfterThePeriodEnd() {
        assertThat(rule.availableFrom(null, null, LocalDate.parse("2024-12-31"))).isEqualTo(LocalDate.parse("2025-03-31"));
    }

    @Test
    void aFilingDateOnThePeriodEndIsAPlaceholderAndTheFallbackApplies() {
        // XOM FY2023 in the original file: "filed" 2023-12-31, "accepted" 2023-12-29 19:00.
        assertThat(rule.availableFrom(LocalDate.parse("2023-12-31"), AvailabilityRule.acceptedAt("2023-12-29 19:00:00"),
                LocalDate.parse("2023-12-31"))).isEqualTo(LocalDate.parse("2024-03-30"));
    }

    @Test
    void withNoDateAtAllTheStatementIsMalformed() {
        assertThatThrownBy(() -> rule.availableFrom(null, null, null)).isInstanceOf(MalformedStatementException.class);
        assertThatThrownBy(() -> AvailabilityRule.acceptedAt("yesterday")).isInstanceOf(MalformedStatementException.class);
    }
}
