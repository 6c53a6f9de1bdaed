package io.marketflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** PostgreSQL from zonky's binaries, set up with initdb and run by pg_ctl (which daemonizes the server). */
final class PostgresServer extends ManagedServer {

    /** The superuser's password; only the stack itself uses it, to create the application role. */
    static final String SUPERUSER_PASSWORD = "postgres";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);

    private final PostgresBinaries binaries;

    /** @param settings the stack's settings */
    PostgresServer(StackSettings settings) {
        super(settings, ServerKind.POSTGRES);
        // Beside the server's folder, not inside it: a test-profile wipe must not cost another unpack.
        this.binaries = new PostgresBinaries(settings.dataDir().resolve("pgsql"));
    }

    @Override
    ServerKind kind() {
        return ServerKind.POSTGRES;
    }

    @Override
    Endpoint endpoint() {
        return settings.db();
    }

    @Override
    Optional<String> identify() {
        try (Connection ignored = connect(settings.dbName(), settings.dbUser(), settings.dbPassword())) {
            return Optional.empty();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            // 28xxx: authentication, 3D000: no such database. Anything else: probably not PostgreSQL at all.
            if (state.startsWith("28") || "3D000".equals(state)) {
                return Optional.of("it is a PostgreSQL where login as " + settings.dbUser() + " to database "
                        + settings.dbName() + " fails: " + e.getMessage());
            }
            return Optional.of("it does not answer as PostgreSQL (" + e.getMessage() + ")");
        }
    }

    @Override
    ProcessHandle launch() {
        Path data = dir.resolve("data");
        List<String> unshare = ChildProcesses.userNamespacePrefix();
        try {
            if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
                Path passwordFile = dir.resolve("superuser.password");
                Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n");
                List<String> initdb = new ArrayList<>(unshare);
                // Trust only on the Unix socket; TCP checks passwords, as a real deployment does.
                initdb.addAll(List.of(binaries.tool("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                        "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                        "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));
                check(initdb, "initdb");
            }
            Files.createDirectories(socketDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> start = new ArrayList<>(unshare);
        start.addAll(List.of(binaries.tool("pg_ctl").toString(), "-D", data.toString(), "-l", log().toString(),
                "-o", "-p " + settings.db().port() + " -k " + socketDir() + " -c listen_addresses=127.0.0.1",
                "-w", "-t", "60", "start"));
        check(start, "pg_ctl start");
        try {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL exited right after start"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    boolean ready() {
        try (Connection ignored = connect("postgres", "postgres", SUPERUSER_PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    void afterReady() {
        try (Connection connection = connect("postgres", "postgres", SUPERUSER_PASSWORD);
             Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", settings.dbUser())) {
                statement.execute("CREATE ROLE " + identifier(settings.dbUser()) + " LOGIN CREATEDB PASSWORD "
                        + literal(settings.dbPassword()));
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", settings.dbName())) {
                statement.execute("CREATE DATABASE " + identifier(settings.dbName()) + " OWNER "
                        + identifier(settings.dbUser()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the role/database " + settings.dbUser() + "/"
                    + settings.dbName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    void stop(ProcessHandle process) {
        List<String> stop = new ArrayList<>(ChildProcesses.userNamespacePrefix());
        stop.addAll(List.of(binaries.tool("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-m", "fast", "-w", "-t", "30", "stop"));
        ChildProcesses.run(stop, log(), TOOL_TIMEOUT);
        if (!ChildProcesses.awaitExit(process, Duration.ofSeconds(5))) {
            // pg_ctl gave up (or the data folder is gone): a signal still ends the postmaster.
            super.stop(process);
        }
    }

    private void check(List<String> command, String what) {
        int code = ChildProcesses.run(command, log(), TOOL_TIMEOUT);
        if (code != 0) {
            throw new IllegalStateException(what + " failed with exit code " + code + "; last lines of " + log() + ":\n"
                    + ChildProcesses.tail(log(), 30));
        }
    }

    /** Unix sockets have a ~107 byte path limit; deep checkouts fall back to a short temp folder. */
    private Path socketDir() {
        Path socketDir = dir.resolve("run");
        if (socketDir.toString().length() < 80) {
            return socketDir;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "marketflow-pg-" + settings.db().port());
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // Short timeouts: something that accepts TCP but never speaks must not hold the probe for long.
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "3");
        properties.setProperty("socketTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + settings.db().hostPort() + "/" + database, properties);
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
