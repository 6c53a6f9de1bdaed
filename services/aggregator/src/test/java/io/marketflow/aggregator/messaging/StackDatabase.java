package io.marketflow.aggregator.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.marketflow.localstack.StackAddresses;

/** The test stack's PostgreSQL as the messaging tests use it: run a statement, read the first value of a query. */
final class StackDatabase {

    private final StackAddresses stack;

    /**
     * @param stack the running test stack
     */
    StackDatabase(StackAddresses stack) {
        this.stack = stack;
    }

    /** @return a new connection as the stack's user (the caller closes it) */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }

    /**
     * @param statement SQL to run
     */
    void execute(String statement) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /**
     * @param sql a query
     * @return the first column of its first row as text, null when it has no row, or the error's text, so an
     *         {@code await().until(...)} poll keeps polling through a table that does not exist yet
     */
    String firstValue(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            return "error: " + e.getMessage();
        }
    }
}
