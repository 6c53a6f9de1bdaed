package io.marketflow.query.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;

/**
 * The SQL the {@code postgres-query-role} Job runs in Kubernetes (the same file, mounted from a ConfigMap), against the
 * test stack's real PostgreSQL: it makes a login that reads every table and can write none, even after turning its
 * session's read-only default off, and running it again changes nothing but the password.
 */
class QueryRoleSqlTest {

    private static final Path SQL = Path.of("../../deploy/k8s/base/postgres-query-role/query-role.sql");
    private static final String ROLE = "marketflow_query";
    /** PostgreSQL's read_only_sql_transaction and insufficient_privilege. */
    private static final String READ_ONLY = "25006";
    private static final String NO_PRIVILEGE = "42501";

    private static StackAddresses stack;
    private static final String PASSWORD = "it's-" + UUID.randomUUID();

    @BeforeAll
    static void runTheJobsSqlTwice() throws Exception {
        stack = LocalStackResource.shared();
        String sql = Files.readString(SQL);
        try (Connection owner = owner(); Statement st = owner.createStatement()) {
            // A schema of its own: nothing of this test is left in public, where the services' migrations look.
            st.execute("CREATE SCHEMA IF NOT EXISTS query_role_test");
            st.execute("CREATE TABLE IF NOT EXISTS query_role_test.probe (x integer)");
            st.execute("TRUNCATE query_role_test.probe");
            st.execute("INSERT INTO query_role_test.probe VALUES (1)");
        }
        // As the Job does: the official image's POSTGRES_USER is a superuser; the test stack's is `postgres`.
        try (Connection superuser = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
             Statement st = superuser.createStatement()) {
            st.execute(withPassword(sql, "first-" + UUID.randomUUID()));
            st.execute(withPassword(sql, PASSWORD));
        }
    }

    @AfterAll
    static void dropProbe() throws SQLException {
        try (Connection owner = owner(); Statement st = owner.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS query_role_test CASCADE");
        }
    }

    @Test
    void theRoleLogsInWithTheLastPasswordAndReadsEveryTable() throws SQLException {
        try (Connection query = DriverManager.getConnection(stack.jdbcUrl(), ROLE, PASSWORD);
             Statement st = query.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM query_role_test.probe")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void theRoleWritesNothingEvenWithItsSessionMadeWritable() throws SQLException {
        try (Connection query = DriverManager.getConnection(stack.jdbcUrl(), ROLE, PASSWORD); Statement st = query.createStatement()) {
            assertThatThrownBy(() -> st.execute("INSERT INTO query_role_test.probe VALUES (2)"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(READ_ONLY));
            st.execute("SET default_transaction_read_only = off");
            assertThatThrownBy(() -> st.execute("INSERT INTO query_role_test.probe VALUES (2)"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(NO_PRIVILEGE));
            assertThatThrownBy(() -> st.execute("DELETE FROM query_role_test.probe"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(NO_PRIVILEGE));
            assertThatThrownBy(() -> st.execute("CREATE TABLE query_role_test.own (x integer)"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(NO_PRIVILEGE));
        }
    }

    @Test
    void theRoleIsAPlainLoginWithAReadOnlyDefault() throws SQLException {
        try (Connection owner = owner(); Statement st = owner.createStatement();
             ResultSet rs = st.executeQuery("SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, array_to_string(rolconfig, ',') "
                     + "FROM pg_roles WHERE rolname = '" + ROLE + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getBoolean(2)).isFalse();
            assertThat(rs.getBoolean(3)).isFalse();
            assertThat(rs.getBoolean(4)).isFalse();
            assertThat(rs.getString(5)).isEqualTo("default_transaction_read_only=on");
        }
    }

    private static Connection owner() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }

    /**
     * What psql does with the file: {@code \getenv password QUERY_ROLE_PASSWORD} sets the variable (a meta-command,
     * not SQL: it is not sent), and {@code :'password'} becomes a quoted literal, quotes doubled.
     */
    private static String withPassword(String sql, String password) {
        String getenv = "\\getenv password QUERY_ROLE_PASSWORD\n";
        assertThat(sql).contains(getenv).contains(":'password'");
        return sql.replace(getenv, "").replace(":'password'", "'" + password.replace("'", "''") + "'");
    }
}
