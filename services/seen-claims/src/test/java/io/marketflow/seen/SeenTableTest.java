package io.marketflow.seen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The claim statement built from a table's description. */
class SeenTableTest {

    @Test
    void theClaimStatementNumbersTheItemsColumnsAndRefreshesOnlyTheNamedOnes() {
        SeenTable<String> table = new SeenTable<>("news_seen", "provider", "article_id", List.of("ticker", "published_at"),
                List.of("ticker"), item -> item, item -> List.of());
        assertThat(table.claimSql()).isEqualTo("INSERT INTO news_seen (provider, article_id, ticker, published_at, state, claimed_at)"
                + " VALUES ($1, $2, $3, $4, 'pending', now())"
                + " ON CONFLICT (provider, article_id) DO UPDATE SET claimed_at = now(), ticker = EXCLUDED.ticker"
                + " WHERE news_seen.state = 'pending' AND news_seen.claimed_at < now() - make_interval(secs => $5)"
                + " RETURNING article_id");
    }

    @Test
    void aRefreshedColumnMustBeOneOfTheColumns() {
        assertThatThrownBy(() -> new SeenTable<String>("t", "ns", "id", List.of("ticker"), List.of("keyword"), item -> item, item -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyword");
    }
}
