package io.marketflow.query.repository;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Writes a query's rows somewhere (a JSON page, CSV, JSON lines) while the result is still being produced. */
@FunctionalInterface
public interface RowConsumer {

    /**
     * @param rows the open result, positioned before its first row
     * @throws SQLException when reading fails
     * @throws IOException when writing fails (e.g. the client went away)
     */
    void accept(ResultSet rows) throws SQLException, IOException;
}
