package io.marketflow.query.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.query.rest.LakeTestProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service's own pool against the test stack's PostgreSQL refuses writes in autocommit too, not only inside the
 * explicit transactions pgjdbc's default {@code readOnlyMode=transaction} marks {@code READ ONLY}.
 */
@QuarkusTest
@TestProfile(LakeTestProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ReadOnlyDataSourceTest {

    /** PostgreSQL's read_only_sql_transaction. */
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";

    @Inject
    DataSource dataSource;

    @Test
    void anAutocommitWriteThroughTheServicePoolIsRefused() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            assertThat(c.getAutoCommit()).isTrue();
            // Reads still work on the same connection.
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            // A temporary table: should the session be writable, the write touches no table another test reads (and
            // the test fails on the missing error). A read-only transaction refuses every CREATE, temporary or not.
            assertThatThrownBy(() -> st.execute("CREATE TEMP TABLE read_only_probe (x integer)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(READ_ONLY_SQL_TRANSACTION));
            try (ResultSet rs = st.executeQuery("SHOW transaction_read_only")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        }
    }
}
