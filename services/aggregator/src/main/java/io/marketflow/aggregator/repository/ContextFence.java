package io.marketflow.aggregator.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps a unit of bars and a context correction apart, across instances: the bar loop holds a shared PostgreSQL
 * advisory lock from reading the context version until its unit is committed, a context write that changes a macro
 * vintage, a fundamentals record, an article or a post takes it exclusively before it bumps the version and corrects the rows. So a unit either commits before
 * the correction starts (and is corrected by it) or is computed after it committed (with a snapshot that knows the
 * change, since the version it reads is newer): no row is written with context a correction already passed over.
 */
@ApplicationScoped
public class ContextFence {

    /** The advisory lock's key (any constant no other module uses; "mfctx" in ASCII). */
    static final long LOCK_KEY = 0x6d66637478L;

    private final DataSource dataSource;

    public ContextFence(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The shared lock, held until {@link #close}; it is transaction-scoped, so a broken connection releases it too. */
    public static final class Hold implements AutoCloseable {
        private final Connection connection;
        private final long version;

        private Hold(Connection connection, long version) {
            this.connection = connection;
            this.version = version;
        }

        /** @return the context version no context write can move past while this is held */
        public long version() {
            return version;
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }

    /**
     * @return the shared lock and the context version, waiting for a context correction in progress to commit
     * @throws SQLException when PostgreSQL fails
     */
    public Hold hold() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
                lock.setLong(1, LOCK_KEY);
                lock.execute();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT version FROM aggregator_context_version WHERE id = 1");
                 ResultSet r = p.executeQuery()) {
                return new Hold(c, r.next() ? r.getLong(1) : 0L);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
