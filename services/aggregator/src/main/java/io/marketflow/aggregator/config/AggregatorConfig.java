package io.marketflow.aggregator.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the aggregator. Every property maps to an environment variable
 * ({@code marketflow.aggregator.live.all-minutes-for-synthetic} ← {@code MARKETFLOW_AGGREGATOR_LIVE_ALL_MINUTES_FOR_SYNTHETIC});
 * a malformed value fails startup with a message naming the property.
 */
@ConfigMapping(prefix = "marketflow.aggregator")
public interface AggregatorConfig {

    /** Kafka consumption of the bar and trade topics. */
    Consumer consumer();

    /** Topic names (the original system's by default). */
    TopicNames topics();

    /** Live 1-minute bars rolled from {@code stock_trades}. */
    Live live();

    /** Point-in-time context (macro, fundamentals, sentiment). */
    Context context();

    /** The historical run whose completion sends {@code start_model}. */
    Run run();

    /** Writes to PostgreSQL. */
    Writer writer();

    /** Kafka consumer settings. */
    interface Consumer {

        /** Consumer group of the bar and trade topics; instances in one group share the partitions. */
        @WithDefault("aggregator")
        @NotBlank
        String groupId();

        /** Longest wait of one poll. */
        @WithDefault("500ms")
        Duration pollTimeout();

        /** Records per poll: one poll is one PostgreSQL transaction, then one offset commit. */
        @WithDefault("500")
        @Min(1)
        @Max(100000)
        int maxPollRecords();
    }

    /** Topic names. */
    interface TopicNames {

        /** Historical 1-minute bars, one WeekBars per ticker per ISO week. */
        @WithDefault("h_alpaca")
        String bars();

        /** Trades, real and synthetic. */
        @WithDefault("stock_trades")
        String trades();

        /** Macro observations (historical and live). */
        @WithDefault("h_macrodata,macrodata")
        List<String> macro();

        /** Company fundamentals. */
        @WithDefault("h_company")
        String fundamentals();

        /** Scored news articles. */
        @WithDefault("finnhub")
        String news();

        /** Scored social posts. */
        @WithDefault("bluesky")
        String social();

        /** Completion signal of a historical run. */
        @WithDefault("start_model")
        String startModel();
    }

    /** Live bars. */
    interface Live {

        /** Roll {@code stock_trades} into minute rows at all. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Aggregate every minute of synthetic trades, not only regular-session minutes: the local generator runs at night
         * too, and a user running locally must see rows. Real trades always keep the regular-session filter.
         */
        @WithDefault("true")
        boolean allMinutesForSynthetic();

        /** How long after a minute ends the partition's other tickers may still deliver trades for it. */
        @WithDefault("5s")
        Duration grace();

        /**
         * How long after a minute's end (and after its last trade was read) the minute closes by the wall clock when no
         * later trade comes, once the trades partition is read to its end. A trade reaches {@code stock_trades} about a
         * second after it happened; 10 s leaves room for the producer's retries and still shows a row about 10 s after
         * its minute. A trade of that minute read later is late: counted and dropped, the row stays as written.
         */
        @WithDefault("10s")
        Duration closeGrace();
    }

    /** Context. */
    interface Context {

        /** Days after a macro vintage's realtime_start before it is used (its release time of day is unknown). */
        @WithDefault("1")
        @Min(0)
        @Max(30)
        int macroLagDays();

        /** How often the in-memory snapshot re-reads the context tables. */
        @WithDefault("10s")
        Duration refreshInterval();

        /**
         * Gate: bars wait until the context topics have been read up to their end offsets as of startup, so context that
         * already exists is joined (the original waited for every macro alias and one fundamentals record).
         */
        @WithDefault("true")
        boolean waitForCaughtUp();

        /** Gate: macro aliases that must be present before bars are aggregated (empty: none required). */
        Optional<List<String>> requiredMacroAliases();
    }

    /** The expected historical run: the same range ingest-market backfills. */
    interface Run {

        /** Detect completion and send {@code start_model}. */
        @WithDefault("true")
        boolean enabled();

        /** First New York date of the backfill (ingest-market's {@code backfill.start}). */
        @WithDefault("2021-01-01")
        LocalDate start();

        /** Last New York date, inclusive; absent: yesterday in New York (ingest-market's default). */
        Optional<LocalDate> end();
    }

    /** PostgreSQL writes. */
    interface Writer {

        /** Longest pause between retries while PostgreSQL is down. */
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
