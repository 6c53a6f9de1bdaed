package io.marketflow.query.repository;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.query.domain.UnavailableException;

/**
 * Reads {@code aggregated_data} (the aggregator's features, registry migration V5) by ticker and time range, streamed
 * with a JDBC fetch size: PostgreSQL's driver keeps only one fetch of rows in memory when autocommit is off.
 */
@ApplicationScoped
public class FeatureRepository {

    /** Rows per round trip: small enough to bound the heap, large enough to keep the network busy. */
    static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;

    /**
     * @param dataSource the read-only PostgreSQL pool
     */
    public FeatureRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param ticker the ticker
     * @param from first minute, inclusive
     * @param to end, exclusive
     * @param after the cursor: rows strictly after this timestamp
     * @param limit page size, empty for every row
     * @param consumer what writes the rows, ordered by timestamp
     * @throws IOException when writing fails
     */
    public void stream(String ticker, Instant from, Instant to, Optional<Instant> after, OptionalInt limit, RowConsumer consumer) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT * FROM aggregated_data WHERE ticker = ? AND \"timestamp\" >= ? AND \"timestamp\" < ?");
        after.ifPresent(a -> sql.append(" AND \"timestamp\" > ?"));
        sql.append(" ORDER BY \"timestamp\"");
        limit.ifPresent(l -> sql.append(" LIMIT ?"));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, ticker);
                ps.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                ps.setObject(i++, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                if (after.isPresent()) {
                    ps.setObject(i++, OffsetDateTime.ofInstant(after.get(), ZoneOffset.UTC));
                }
                if (limit.isPresent()) {
                    ps.setInt(i, limit.getAsInt());
                }
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    consumer.accept(rs);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("aggregated_data query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checked before a response starts, so a database that is down or not migrated yet is a 503, not a cut body.
     *
     * @throws UnavailableException when PostgreSQL does not answer or aggregated_data does not exist
     */
    public void requireTable() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT to_regclass('aggregated_data') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new UnavailableException("aggregated_data does not exist yet (the registry's migration V5 creates it)", null);
            }
        } catch (SQLException e) {
            throw new UnavailableException("PostgreSQL is not reachable: " + e.getMessage(), e);
        }
    }

    /** Fails when PostgreSQL cannot answer (readiness). */
    public void ping() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
