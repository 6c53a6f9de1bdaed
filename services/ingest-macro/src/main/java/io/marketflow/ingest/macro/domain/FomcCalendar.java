package io.marketflow.ingest.macro.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.PolicyEvent;

/**
 * The FOMC meeting calendar the project ships ({@code fomc/fomc_meetings.csv}: {@code first_day,last_day,kind}, from
 * the Federal Reserve's published calendars); each meeting is one {@link PolicyEvent#FOMC_MEETING} at its statement
 * time, 14:00 New York on the last day.
 */
public final class FomcCalendar {

    /** Source of the calendar events. */
    public static final String SOURCE = "fed";
    private static final LocalTime STATEMENT = LocalTime.of(14, 0);

    private FomcCalendar() {
    }

    /**
     * @param resource classpath resource
     * @return the meetings, in file order
     * @throws IllegalArgumentException when the resource is missing or a line is malformed (naming the line)
     */
    public static List<PolicyEvent> load(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("marketflow.macro.policy.calendar-resource: no resource " + resource);
        }
        List<PolicyEvent> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("first_day")) {
                    continue;
                }
                String[] cells = line.split(",");
                try {
                    LocalDate first = LocalDate.parse(cells[0].trim());
                    LocalDate last = LocalDate.parse(cells[1].trim());
                    String kind = cells.length > 2 ? cells[2].trim() : "scheduled";
                    String title = "FOMC meeting " + first + (first.equals(last) ? "" : " to " + last) + " (" + kind + ")";
                    events.add(new PolicyEvent(ContractRecord.CURRENT_SCHEMA_VERSION, PolicyEvent.FOMC_MEETING,
                            last.atTime(STATEMENT).atZone(RateDecisions.NEW_YORK).toInstant(), title, null, null, SOURCE, null));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(resource + " line " + number + ": '" + line + "' is not first_day,last_day,kind");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + resource + ": " + e.getMessage(), e);
        }
        return events;
    }
}
