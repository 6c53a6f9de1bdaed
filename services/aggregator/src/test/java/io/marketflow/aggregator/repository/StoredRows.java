package io.marketflow.aggregator.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.marketflow.aggregator.domain.AggregatedRow;

/** Reads a ticker's aggregated_data rows back as comparable value lists, for the repository tests. */
final class StoredRows {

    private StoredRows() {
    }

    /**
     * @param ds the database
     * @param ticker the ticker
     * @return its stored rows as value lists in column order (timestamps as instants), oldest first
     */
    static List<List<Object>> of(DataSource ds, String ticker) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT * FROM aggregated_data WHERE ticker = ? ORDER BY \"timestamp\"")) {
            p.setString(1, ticker);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    List<Object> row = new ArrayList<>();
                    for (String column : AggregatedRow.COLUMNS) {
                        Object v = r.getObject(column);
                        row.add(v instanceof Timestamp t ? t.toInstant() : v);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
