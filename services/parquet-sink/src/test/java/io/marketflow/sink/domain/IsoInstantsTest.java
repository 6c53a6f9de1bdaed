package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The fast paths' hand-read instants agree with {@code ISO_INSTANT}, the contract mapper's formatter. */
class IsoInstantsTest {

    @Test
    void parsesInstantsLikeIsoInstant() {
        for (String text : List.of("2026-11-20T14:30:00Z", "2026-11-20T14:30:00.1Z", "2026-11-20T14:30:00.123456789Z", "2026-11-20T14:30:00.Z",
                "2026-11-20T24:00:00Z", "2026-11-20T23:59:60Z", "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "2026-11-20t14:30:00Z", "2026-11-20T14:30:00+00:00", "+12026-11-20T14:30:00Z",
                "2024-02-29T12:00:00.000001Z")) {
            byte[] ascii = ascii(text);
            assertThat(IsoInstants.parse(ascii, 0, ascii.length)).as(text).isEqualTo(DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from));
        }
    }

    @Test
    void countsEpochDaysAsLocalDateForEveryDayOfFourCenturiesAndRejectsTheDaysAMonthLacks() {
        for (LocalDate date = LocalDate.of(1800, 1, 1); date.getYear() < 2200; date = date.plusDays(1)) {
            assertThat(IsoInstants.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth())).as("%s", date).isEqualTo(date.toEpochDay());
        }
        assertThat(IsoInstants.epochDay(0, 1, 1)).isEqualTo(LocalDate.of(0, 1, 1).toEpochDay());
        assertThat(IsoInstants.epochDay(9999, 12, 31)).isEqualTo(LocalDate.of(9999, 12, 31).toEpochDay());
        for (int[] date : new int[][] {{2026, 2, 29}, {1900, 2, 29}, {2026, 4, 31}, {2026, 13, 1}, {2026, 0, 1}, {2026, 1, 0}}) {
            assertThatThrownBy(() -> IsoInstants.epochDay(date[0], date[1], date[2])).as("%s", Arrays.toString(date))
                    .isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void leavesAnythingButUtcIsoInstantsToTheContractMapper() {
        for (String text : List.of("2026-11-20T14:30:00+00:00", "2026-11-20T14:30:00z", " 2026-11-20T14:30:00Z ", "1700000000", "1700000000.5", "")) {
            assertThat(utc(text)).as(text).isNull();
        }
        assertThat(utc("2026-11-20T14:30:00.5Z")).isEqualTo(Instant.parse("2026-11-20T14:30:00.500Z"));
        assertThatThrownBy(() -> utc("2026-02-30T14:30:00Z")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void readsTheInstantAtItsOffsetInTheRecordsBytes() {
        byte[] buffer = ascii("2027-12-21T15:31:01.75Z2026-11-20T14:30:00.25Z2026-11-20T14:30:00+01:00");
        assertThat(IsoInstants.utc(buffer, 23, 23)).isEqualTo(Instant.parse("2026-11-20T14:30:00.250Z"));
        assertThat(IsoInstants.utc(buffer, 0, 23)).isEqualTo(Instant.parse("2027-12-21T15:31:01.750Z"));
        assertThat(IsoInstants.utc(buffer, 46, 25)).isNull();
        assertThat(IsoInstants.utc(buffer, 1, 0)).isNull();
        // Through ISO_INSTANT, given only its own characters.
        assertThat(IsoInstants.utc(ascii("x2026-11-20T24:00:00Zx"), 1, 20))
                .isEqualTo(DateTimeFormatter.ISO_INSTANT.parse("2026-11-20T24:00:00Z", Instant::from));
    }

    private static Instant utc(String text) {
        return IsoInstants.utc(ascii(text), 0, text.length());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
