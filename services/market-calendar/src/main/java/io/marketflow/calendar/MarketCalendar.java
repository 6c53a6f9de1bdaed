package io.marketflow.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** The NYSE trading calendar: which New York dates trade, when each regular session opens and closes. */
public final class MarketCalendar {

    /** The exchange's time zone; every conversion goes through its rules so DST changes are handled. */
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Far beyond any real gap between sessions (the longest, around 2001-09-11, is a week); it only stops a runaway loop. */
    private static final int MAX_DAYS_TO_NEXT_SESSION = 31;

    private static final MarketCalendar NYSE = new MarketCalendar(
            NEW_YORK, LocalTime.of(9, 30), LocalTime.of(16, 0), LocalTime.of(13, 0), SpecialClosures.NYSE);

    private final ZoneId zone;
    private final LocalTime open;
    private final LocalTime close;
    private final LocalTime earlyClose;
    private final List<Holiday> specialClosures;

    private MarketCalendar(ZoneId zone, LocalTime open, LocalTime close, LocalTime earlyClose, List<Holiday> specialClosures) {
        this.zone = zone;
        this.open = open;
        this.close = close;
        this.earlyClose = earlyClose;
        this.specialClosures = List.copyOf(specialClosures);
    }

    /**
     * The NYSE regular-session calendar (09:30-16:00 New York, early close 13:00).
     *
     * @return the shared, immutable NYSE calendar
     */
    public static MarketCalendar nyse() {
        return NYSE;
    }

    /**
     * The exchange time zone.
     *
     * @return America/New_York
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Whether the exchange holds a regular session on a date.
     *
     * @param date a New York calendar date
     * @return false on weekends, holidays and special closures
     */
    public boolean isTradingDay(LocalDate date) {
        return !isWeekend(date) && holidayName(date).isEmpty();
    }

    /**
     * The regular session of a date.
     *
     * @param date a New York calendar date
     * @return the session, or empty if the date is not a trading day
     */
    public Optional<TradingSession> session(LocalDate date) {
        if (!isTradingDay(date)) {
            return Optional.empty();
        }
        boolean early = NyseHolidayRules.isEarlyClose(date);
        return Optional.of(new TradingSession(date, ZonedDateTime.of(date, open, zone),
                ZonedDateTime.of(date, early ? earlyClose : close, zone), early));
    }

    /**
     * The name of the full-day closure on a date. Weekends are not closures and have no name.
     *
     * @param date a New York calendar date
     * @return the holiday or special closure name, e.g. "Independence Day (observed)"
     */
    public Optional<String> holidayName(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return specialClosures.stream()
                .filter(h -> h.date().equals(date))
                .findFirst()
                .or(() -> NyseHolidayRules.holidayOn(date))
                .map(Holiday::name);
    }

    /**
     * All full-day closures (scheduled holidays and special closures) falling on weekdays in a year, in date order.
     *
     * @param year the Gregorian year
     * @return the closures of that year
     */
    public List<Holiday> closures(int year) {
        return Stream.concat(NyseHolidayRules.holidays(year).stream(),
                        specialClosures.stream().filter(h -> h.date().getYear() == year))
                .sorted(Comparator.comparing(Holiday::date))
                .toList();
    }

    /**
     * The New York calendar date of an instant, the key for partitioning data by trading date. It is the calendar date
     * even when the market is closed, e.g. 2026-03-10T03:00Z is 2026-03-09 in New York.
     *
     * @param instant any instant
     * @return its date in America/New_York
     */
    public LocalDate tradingDate(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /**
     * Whether a regular session is in progress at an instant (open inclusive, close exclusive).
     *
     * @param instant any instant
     * @return true inside a regular session
     */
    public boolean isOpen(Instant instant) {
        return sessionAt(instant).isPresent();
    }

    /**
     * The regular session in progress at an instant (open inclusive, close exclusive).
     *
     * @param instant any instant
     * @return the session containing the instant, or empty outside market hours
     */
    public Optional<TradingSession> sessionAt(Instant instant) {
        // A session never crosses midnight in New York, so only the instant's own New York date can contain it.
        return session(tradingDate(instant)).filter(s -> s.contains(instant));
    }

    /**
     * The first session opening strictly after an instant; at exactly an open this is the next day's session.
     *
     * @param instant any instant
     * @return the next session to open
     */
    public TradingSession nextSession(Instant instant) {
        return firstSessionWhere(instant, TradingSession::openInstant);
    }

    /**
     * The first session open strictly after an instant.
     *
     * @param instant any instant
     * @return the next open; from inside a session this is the next trading day's open
     */
    public Instant nextOpen(Instant instant) {
        return nextSession(instant).openInstant();
    }

    /**
     * The first session close strictly after an instant.
     *
     * @param instant any instant
     * @return the close of the current session if open, otherwise the close of the next session
     */
    public Instant nextClose(Instant instant) {
        return firstSessionWhere(instant, TradingSession::closeInstant).closeInstant();
    }

    /**
     * The next instant at which the market switches between open and closed, for scheduling the switch between
     * real-time and synthetic data.
     *
     * @param instant any instant
     * @return the earlier of {@link #nextOpen(Instant)} and {@link #nextClose(Instant)}
     */
    public Instant nextBoundary(Instant instant) {
        Instant nextOpen = nextOpen(instant);
        Instant nextClose = nextClose(instant);
        return nextOpen.isBefore(nextClose) ? nextOpen : nextClose;
    }

    /**
     * The first trading day strictly after a date.
     *
     * @param date a New York calendar date
     * @return the next trading day
     */
    public LocalDate nextTradingDay(LocalDate date) {
        return stepToTradingDay(date, 1);
    }

    /**
     * The last trading day strictly before a date.
     *
     * @param date a New York calendar date
     * @return the previous trading day
     */
    public LocalDate previousTradingDay(LocalDate date) {
        return stepToTradingDay(date, -1);
    }

    /**
     * The regular sessions of a date range, in date order.
     *
     * @param from        the first date, inclusive
     * @param toInclusive the last date, inclusive
     * @return one session per trading day in the range; empty if the range holds none
     * @throws IllegalArgumentException if {@code from} is after {@code toInclusive}
     */
    public List<TradingSession> sessionsBetween(LocalDate from, LocalDate toInclusive) {
        if (from.isAfter(toInclusive)) {
            throw new IllegalArgumentException("from " + from + " is after " + toInclusive);
        }
        List<TradingSession> sessions = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(toInclusive); d = d.plusDays(1)) {
            session(d).ifPresent(sessions::add);
        }
        return List.copyOf(sessions);
    }

    /** Walks forward from the instant's New York date to the first session whose chosen boundary is after the instant. */
    private TradingSession firstSessionWhere(Instant instant, Function<TradingSession, Instant> boundary) {
        LocalDate date = tradingDate(instant);
        for (int i = 0; i <= MAX_DAYS_TO_NEXT_SESSION; i++, date = date.plusDays(1)) {
            Optional<TradingSession> session = session(date);
            if (session.isPresent() && boundary.apply(session.get()).isAfter(instant)) {
                return session.get();
            }
        }
        throw new IllegalStateException("no session within " + MAX_DAYS_TO_NEXT_SESSION + " days after " + instant);
    }

    private LocalDate stepToTradingDay(LocalDate date, int step) {
        LocalDate d = date;
        for (int i = 0; i < MAX_DAYS_TO_NEXT_SESSION; i++) {
            d = d.plusDays(step);
            if (isTradingDay(d)) {
                return d;
            }
        }
        throw new IllegalStateException("no trading day within " + MAX_DAYS_TO_NEXT_SESSION + " days of " + date);
    }

    private static boolean isWeekend(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
    }
}
