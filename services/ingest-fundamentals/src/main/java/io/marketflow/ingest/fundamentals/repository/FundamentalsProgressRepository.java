package io.marketflow.ingest.fundamentals.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.ingest.fundamentals.domain.StatementVersion;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable progress of this service (migration V4 of the registry): statement versions sent to {@code h_company}
 * ({@code fundamentals_sent}) and when each ticker was last fetched from FMP ({@code fundamentals_fetches}).
 */
@ApplicationScoped
public class FundamentalsProgressRepository {

    private final Pool pool;

    public FundamentalsProgressRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param source a record source
     * @return every version of that source already sent
     */
    public Uni<Set<StatementVersion>> sent(String source) {
        return pool.preparedQuery("SELECT ticker, period, fiscal_year, version_key FROM fundamentals_sent WHERE source = $1")
                .execute(Tuple.of(source))
                .map(rows -> {
                    Set<StatementVersion> sent = new HashSet<>();
                    rows.forEach(row -> sent.add(new StatementVersion(source, row.getString("ticker"), row.getString("period"),
                            row.getInteger("fiscal_year"), row.getString("version_key"))));
                    return sent;
                });
    }

    /**
     * Records that a version reached Kafka (after the broker's acknowledgement).
     *
     * @param version the version
     * @param availableFrom its availability
     * @return done
     */
    public Uni<Void> markSent(StatementVersion version, LocalDate availableFrom) {
        return pool.preparedQuery("""
                INSERT INTO fundamentals_sent (source, ticker, period, fiscal_year, version_key, available_from)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                """)
                .execute(Tuple.from(new Object[] { version.source(), version.ticker(), version.period(), version.fiscalYear(),
                        version.versionKey(), availableFrom }))
                .replaceWithVoid();
    }

    /**
     * @param source a provider
     * @param since the freshness limit
     * @return tickers fetched at or after {@code since}
     */
    public Uni<Set<String>> fetchedSince(String source, Instant since) {
        return pool.preparedQuery("SELECT ticker FROM fundamentals_fetches WHERE source = $1 AND fetched_at >= $2")
                .execute(Tuple.of(source, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .map(rows -> {
                    Set<String> tickers = new HashSet<>();
                    rows.forEach(row -> tickers.add(row.getString("ticker")));
                    return tickers;
                });
    }

    /**
     * @param source a provider
     * @param ticker the ticker fetched
     * @param at when
     * @return done
     */
    public Uni<Void> markFetched(String source, String ticker, Instant at) {
        return pool.preparedQuery("""
                INSERT INTO fundamentals_fetches (source, ticker, fetched_at) VALUES ($1, $2, $3)
                ON CONFLICT (source, ticker) DO UPDATE SET fetched_at = EXCLUDED.fetched_at
                """)
                .execute(Tuple.of(source, ticker, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Forgets a source's progress (tests and a deliberate full re-send).
     *
     * @param source a record source
     * @return done
     */
    public Uni<Void> reset(String source) {
        return pool.preparedQuery("DELETE FROM fundamentals_sent WHERE source = $1").execute(Tuple.of(source))
                .chain(() -> pool.preparedQuery("DELETE FROM fundamentals_fetches WHERE source = $1").execute(Tuple.of(source)))
                .replaceWithVoid();
    }
}
