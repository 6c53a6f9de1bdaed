package io.marketflow.sink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.marketflow.contract.Topics;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;

/** The default datasets keep the original buckets and keep synthetic trades apart; bad partition fields are refused. */
class DatasetCatalogTest {

    @Test
    void defaultsKeepTheOriginalBucketsForEveryRawTopic() {
        assertThat(DatasetCatalog.DEFAULTS).extracting(DatasetSpec::topic).containsExactlyInAnyOrderElementsOf(Topics.RAW);
        assertThat(DatasetCatalog.DEFAULTS).extracting(s -> s.topic() + "->" + s.bucket() + "/" + s.prefix()).containsExactlyInAnyOrder(
                "stock_trades->stock-data/", "h_alpaca->historical-data/", "h_macrodata->macro-data/h_macrodata",
                "macrodata->macro-data/macrodata", "policy_events->macro-data/policy_events", "h_company->company-fundamentals/",
                "bluesky->bluesky-data/", "x_posts->x-data/", "finnhub->finnhub-data/",
                "newsapi->news-data/newsapi");
    }

    @Test
    void subscribesToEveryDefaultDataset() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            shipped.load(in);
        }
        List<String> subscribed = List.of(shipped.getProperty("mp.messaging.incoming.raw-topics.topics").split(","));
        assertThat(subscribed).containsExactlyInAnyOrderElementsOf(DatasetCatalog.DEFAULTS.stream().map(DatasetSpec::topic).toList());
    }

    @Test
    void keepsSyntheticTradesInTheirOwnSourcePartition() {
        DatasetSpec trades = DatasetCatalog.DEFAULTS.get(0);
        assertThat(trades.partitionBy()).startsWith("source");
        assertThat(trades.schema().columns()).extracting(c -> c.name()).contains("synthetic").doesNotContain("source", "ticker");
    }

    @Test
    void rejectsPartitionFieldsTheRecordTypeDoesNotHave() {
        assertThatThrownBy(() -> new DatasetSpec("x", "b", "", RecordType.MACRO, List.of("ticker")))
                .hasMessageContaining("no field 'ticker'");
    }
}
