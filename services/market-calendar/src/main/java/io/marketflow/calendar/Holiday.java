package io.marketflow.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A day on which the exchange is closed for the whole day, with the name the exchange publishes for it.
 *
 * @param date the New York calendar date of the closure (the observed date when the holiday is shifted)
 * @param name the holiday's name; shifted holidays carry the suffix {@code " (observed)"}
 */
public record Holiday(LocalDate date, String name) {

    /**
     * Checks that both parts are present.
     *
     * @param date the closure date
     * @param name the closure name
     */
    public Holiday {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(name, "name");
    }
}
