package io.marketflow.query.lake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.marketflow.contract.Topics;
import io.marketflow.query.config.QueryConfig;

/**
 * The lake's datasets: the parquet-sink's default buckets, prefixes and Hive levels (its {@code DatasetCatalog}), the
 * columns of each record type (its {@code RecordType}), and the per-topic locations configured here. In local storage
 * a dataset lives in {@code {local-dir}/{topic}/…}, as the sink writes it.
 */
@ApplicationScoped
public class LakeCatalog {

    private static final String TS = "TIMESTAMPTZ";
    private static final LakeColumn KAFKA_PARTITION = new LakeColumn("kafka_partition", "INTEGER");
    private static final LakeColumn KAFKA_OFFSET = new LakeColumn("kafka_offset", "BIGINT");

    /** The sink's defaults, in its order. Columns: the record's fields, partition-only levels, Kafka coordinates. */
    static final List<LakeDataset> DEFAULTS = List.of(
            new LakeDataset(Topics.STOCK_TRADES, "stock-data", "", List.of("source", "ticker", "date"),
                    cols("timestamp", TS, "timestamp_nanos", "BIGINT", "ticker", "VARCHAR", "price", "DOUBLE", "size", "DOUBLE",
                            "exchange", "VARCHAR", "trade_id", "BIGINT", "conditions", "VARCHAR[]", "tape", "VARCHAR",
                            "source", "VARCHAR", "synthetic", "BOOLEAN", "schema_version", "INTEGER", "date", "DATE"),
                    "timestamp"),
            new LakeDataset(Topics.H_ALPACA, "historical-data", "", List.of("ticker", "year"),
                    cols("timestamp", TS, "ticker", "VARCHAR", "timeframe", "VARCHAR", "open", "DOUBLE", "high", "DOUBLE",
                            "low", "DOUBLE", "close", "DOUBLE", "volume", "DOUBLE", "trade_count", "BIGINT", "vwap", "DOUBLE",
                            "source", "VARCHAR", "price_jump", "BOOLEAN", "schema_version", "INTEGER", "year", "INTEGER"),
                    "timestamp"),
            new LakeDataset(Topics.H_MACRODATA, "macro-data", Topics.H_MACRODATA, List.of("alias", "year"), macroColumns(), "date"),
            new LakeDataset(Topics.MACRODATA, "macro-data", Topics.MACRODATA, List.of("alias", "year"), macroColumns(), "date"),
            new LakeDataset(Topics.POLICY_EVENTS, "macro-data", Topics.POLICY_EVENTS, List.of("year"),
                    cols("event_type", "VARCHAR", "effective_at", TS, "title", "VARCHAR", "target_rate_lower", "DOUBLE",
                            "target_rate_upper", "DOUBLE", "change_bps", "INTEGER", "source", "VARCHAR", "schema_version", "INTEGER",
                            "year", "INTEGER"),
                    "effective_at"),
            new LakeDataset(Topics.H_COMPANY, "company-fundamentals", "", List.of("ticker", "fiscal_year"),
                    cols("ticker", "VARCHAR", "period", "VARCHAR", "fiscal_year", "INTEGER", "report_date", "DATE",
                            "filing_date", "DATE", "currency", "VARCHAR", "metrics", "MAP(VARCHAR, DOUBLE)", "source", "VARCHAR",
                            "schema_version", "INTEGER", "accepted_at", TS, "available_from", "DATE"),
                    "available_from"),
            new LakeDataset(Topics.BLUESKY, "bluesky-data", "", List.of("date", "keyword"), socialColumns(), "created_at"),
            new LakeDataset(Topics.X_POSTS, "x-data", "", List.of("date", "keyword"), socialColumns(), "created_at"),
            new LakeDataset(Topics.FINNHUB, "finnhub-data", "", List.of("ticker", "date"), newsColumns(), "published_at"),
            new LakeDataset(Topics.NEWSAPI, "news-data", Topics.NEWSAPI, List.of("ticker", "date"), newsColumns(), "published_at"));

    private final Map<String, LakeDataset> byTopic;

    /**
     * @param config the lake's storage type and per-topic locations
     */
    @Inject
    public LakeCatalog(QueryConfig config) {
        this(config.lake().storageType(), config.lake().locations());
    }

    LakeCatalog(String storageType, Map<String, String> locations) {
        Map<String, LakeDataset> specs = new LinkedHashMap<>();
        for (LakeDataset d : DEFAULTS) {
            LakeDataset located = d;
            String location = locations.get(d.topic());
            if (location != null) {
                // "bucket/prefix…": the first segment is the bucket, the rest the key prefix.
                String trimmed = location.startsWith("/") ? location.substring(1) : location;
                int slash = trimmed.indexOf('/');
                located = slash < 0 ? d.at(trimmed, "") : d.at(trimmed.substring(0, slash), trimmed.substring(slash + 1));
            }
            if ("local".equals(storageType)) {
                // The sink's local layout is {local-dir}/{topic}/{hive path}: the topic folder replaces bucket and prefix.
                located = located.at(d.topic(), "");
            }
            specs.put(d.topic(), located);
        }
        this.byTopic = Map.copyOf(specs);
    }

    /**
     * @param topic a raw topic
     * @return its dataset, empty when the lake has none of that name
     */
    public Optional<LakeDataset> find(String topic) {
        return Optional.ofNullable(byTopic.get(topic));
    }

    /**
     * @param topic a raw topic this API reads
     * @return its dataset
     */
    public LakeDataset get(String topic) {
        return find(topic).orElseThrow(() -> new IllegalArgumentException("no dataset " + topic));
    }

    /** @return every dataset, in the sink's order */
    public List<LakeDataset> all() {
        List<LakeDataset> all = new ArrayList<>();
        DEFAULTS.forEach(d -> all.add(byTopic.get(d.topic())));
        return all;
    }

    private static List<LakeColumn> macroColumns() {
        return cols("series_id", "VARCHAR", "alias", "VARCHAR", "date", "DATE", "value", "DOUBLE", "source", "VARCHAR",
                "schema_version", "INTEGER", "realtime_start", "DATE", "realtime_end", "DATE", "year", "INTEGER");
    }

    private static List<LakeColumn> newsColumns() {
        return cols("id", "VARCHAR", "ticker", "VARCHAR", "related", "VARCHAR[]", "published_at", TS, "headline", "VARCHAR",
                "summary", "VARCHAR", "publisher", "VARCHAR", "url", "VARCHAR", "provider", "VARCHAR", "schema_version", "INTEGER",
                "sentiment", "DOUBLE", "scorer", "VARCHAR", "date", "DATE");
    }

    private static List<LakeColumn> socialColumns() {
        return cols("id", "VARCHAR", "platform", "VARCHAR", "author", "VARCHAR", "text", "VARCHAR", "created_at", TS,
                "keyword", "VARCHAR", "lang", "VARCHAR", "like_count", "BIGINT", "repost_count", "BIGINT", "schema_version", "INTEGER",
                "ticker", "VARCHAR", "sentiment", "DOUBLE", "scorer", "VARCHAR", "date", "DATE");
    }

    private static List<LakeColumn> cols(String... nameType) {
        List<LakeColumn> columns = new ArrayList<>();
        for (int i = 0; i < nameType.length; i += 2) {
            columns.add(new LakeColumn(nameType[i], nameType[i + 1]));
        }
        columns.add(KAFKA_PARTITION);
        columns.add(KAFKA_OFFSET);
        return List.copyOf(columns);
    }
}
