package io.marketflow.sink.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.marketflow.contract.Topics;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;

/**
 * The datasets the sink writes, one per raw topic: the original system's buckets by default, overridable per topic in
 * {@link SinkConfig#datasets()}. In local storage the bucket is the topic name, giving {@code data/raw/{topic}/…}.
 */
public final class DatasetCatalog {

    /** The defaults: original buckets, Hive partitions that keep real and synthetic trades apart. */
    static final List<DatasetSpec> DEFAULTS = List.of(
            new DatasetSpec(Topics.STOCK_TRADES, "stock-data", "", RecordType.TRADE, List.of("source", "ticker", "date")),
            new DatasetSpec(Topics.H_ALPACA, "historical-data", "", RecordType.WEEK_BARS, List.of("ticker", "year")),
            new DatasetSpec(Topics.H_MACRODATA, "macro-data", Topics.H_MACRODATA, RecordType.MACRO, List.of("alias", "year")),
            new DatasetSpec(Topics.MACRODATA, "macro-data", Topics.MACRODATA, RecordType.MACRO, List.of("alias", "year")),
            new DatasetSpec(Topics.POLICY_EVENTS, "macro-data", Topics.POLICY_EVENTS, RecordType.POLICY, List.of("year")),
            new DatasetSpec(Topics.H_COMPANY, "company-fundamentals", "", RecordType.FUNDAMENTALS, List.of("ticker", "fiscal_year")),
            new DatasetSpec(Topics.BLUESKY, "bluesky-data", "", RecordType.SOCIAL, List.of("date", "keyword")),
            new DatasetSpec(Topics.X_POSTS, "x-data", "", RecordType.SOCIAL, List.of("date", "keyword")),
            new DatasetSpec(Topics.FINNHUB, "finnhub-data", "", RecordType.NEWS, List.of("ticker", "date")),
            new DatasetSpec(Topics.NEWSAPI, "news-data", Topics.NEWSAPI, RecordType.NEWS, List.of("ticker", "date")));

    private final Map<String, DatasetSpec> byTopic;

    private DatasetCatalog(Map<String, DatasetSpec> byTopic) {
        this.byTopic = byTopic;
    }

    /**
     * @param config the sink configuration
     * @return the datasets: defaults with the configured overrides applied, local storage mapped to topic folders
     */
    public static DatasetCatalog from(SinkConfig config) {
        boolean local = "local".equalsIgnoreCase(config.storage().type());
        Map<String, DatasetSpec> specs = new LinkedHashMap<>();
        for (DatasetSpec spec : DEFAULTS) {
            specs.put(spec.topic(), spec);
        }
        for (Map.Entry<String, SinkConfig.DatasetConfig> entry : config.datasets().entrySet()) {
            String topic = entry.getKey();
            SinkConfig.DatasetConfig override = entry.getValue();
            if (!override.enabled()) {
                specs.remove(topic);
                continue;
            }
            DatasetSpec base = specs.get(topic);
            RecordType type = override.recordType().or(() -> Optional.ofNullable(base).map(DatasetSpec::recordType))
                    .orElseThrow(() -> new IllegalArgumentException("dataset " + topic + " needs a record-type"));
            specs.put(topic, new DatasetSpec(topic,
                    override.bucket().orElse(base != null ? base.bucket() : topic.replace('_', '-')),
                    override.prefix().orElse(base != null ? base.prefix() : ""),
                    type,
                    override.partitionBy().orElse(base != null ? base.partitionBy() : List.of())));
        }
        if (local) {
            // The local layout is data/raw/{topic}/{hive path}: the topic folder replaces bucket and prefix.
            specs.replaceAll((topic, spec) -> new DatasetSpec(topic, topic, "", spec.recordType(), spec.partitionBy()));
        }
        return new DatasetCatalog(Map.copyOf(specs));
    }

    /**
     * @param specs explicit datasets (tests)
     * @return a catalog of exactly these
     */
    public static DatasetCatalog of(List<DatasetSpec> specs) {
        Map<String, DatasetSpec> map = new LinkedHashMap<>();
        specs.forEach(s -> map.put(s.topic(), s));
        return new DatasetCatalog(Map.copyOf(map));
    }

    /**
     * @param topic a topic
     * @return its dataset, empty when the topic is not stored
     */
    public Optional<DatasetSpec> forTopic(String topic) {
        return Optional.ofNullable(byTopic.get(topic));
    }

    /** @return every dataset */
    public List<DatasetSpec> all() {
        return List.copyOf(byTopic.values());
    }
}
