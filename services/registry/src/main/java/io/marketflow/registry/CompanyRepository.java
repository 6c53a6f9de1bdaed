package io.marketflow.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads and updates {@code companies_info} through the reactive PostgreSQL client.
 */
@ApplicationScoped
public class CompanyRepository {

    private static final String COLUMNS = "ticker_id, ticker, company_name, related_words, is_active, avg_simulated_price";

    private final Pool pool;

    public CompanyRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @return the active companies, ordered by ticker id
     */
    public Uni<List<Company>> findActive() {
        return pool.query("SELECT " + COLUMNS + " FROM companies_info WHERE is_active ORDER BY ticker_id")
                .execute()
                .map(rows -> {
                    List<Company> companies = new ArrayList<>();
                    rows.forEach(row -> companies.add(from(row)));
                    return List.copyOf(companies);
                });
    }

    /**
     * @param ticker the ticker
     * @param active the new state
     * @return how many rows changed (0 when the ticker is unknown)
     */
    public Uni<Integer> setActive(String ticker, boolean active) {
        return pool.preparedQuery("UPDATE companies_info SET is_active = $1 WHERE ticker = $2")
                .execute(Tuple.of(active, ticker))
                .map(rows -> rows.rowCount());
    }

    private static Company from(Row row) {
        return new Company(
                row.getInteger("ticker_id"),
                row.getString("ticker"),
                row.getString("company_name"),
                Optional.ofNullable(row.getString("related_words")),
                row.getBoolean("is_active"),
                Optional.ofNullable(row.getInteger("avg_simulated_price")));
    }
}
