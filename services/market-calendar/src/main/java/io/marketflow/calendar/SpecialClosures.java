package io.marketflow.calendar;

import java.time.LocalDate;
import java.util.List;

/** The one place listing unscheduled NYSE full-day closures that no holiday rule produces. */
final class SpecialClosures {

    /**
     * Unscheduled closures, oldest first. Add a new one here (date and the name NYSE announces) and add a test for it;
     * nothing else in the library needs to change.
     */
    static final List<Holiday> NYSE = List.of(
            new Holiday(LocalDate.of(2001, 9, 11), "September 11 attacks"),
            new Holiday(LocalDate.of(2001, 9, 12), "September 11 attacks"),
            new Holiday(LocalDate.of(2001, 9, 13), "September 11 attacks"),
            new Holiday(LocalDate.of(2001, 9, 14), "September 11 attacks"),
            new Holiday(LocalDate.of(2004, 6, 11), "National Day of Mourning (President Reagan)"),
            new Holiday(LocalDate.of(2007, 1, 2), "National Day of Mourning (President Ford)"),
            new Holiday(LocalDate.of(2012, 10, 29), "Hurricane Sandy"),
            new Holiday(LocalDate.of(2012, 10, 30), "Hurricane Sandy"),
            new Holiday(LocalDate.of(2018, 12, 5), "National Day of Mourning (President George H.W. Bush)"),
            new Holiday(LocalDate.of(2025, 1, 9), "National Day of Mourning (President Carter)"));

    private SpecialClosures() {
    }
}
