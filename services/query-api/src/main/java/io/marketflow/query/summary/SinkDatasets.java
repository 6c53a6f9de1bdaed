package io.marketflow.query.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.marketflow.contract.Topics;

/**
 * The datasets the parquet-sink writes, as the summary sees them: where each lives (the sink's {@code DatasetCatalog}
 * defaults, overridden by {@code marketflow.query.lake.locations}), the column that carries its event time, and the
 * Kafka topic it is written from. A copy of the sink's table, not a dependency on it: the query API must build and
 * deploy on its own (the contract is copied, see STYLE §1).
 */
public final class SinkDatasets {

    /**
     * One dataset.
     *
     * @param id the dataset id: the default topic name
     * @param topic the Kafka topic (the id unless renamed)
     * @param bucket the bucket (S3) or directory under the local root
     * @param prefix key prefix without slashes at either end; empty for none
     * @param timeColumn the top-level column whose footer statistics give first and last event time
     */
    public record Dataset(String id, String topic, String bucket, String prefix, String timeColumn) {

        /** @return the listing prefix: the key prefix with its slash, empty for a whole bucket */
        public String listPrefix() {
            return prefix.isEmpty() ? "" : prefix + "/";
        }
    }

    /** The sink's defaults, in the order the status page shows them (live sources first). */
    static final List<Dataset> DEFAULTS = List.of(
            new Dataset(Topics.STOCK_TRADES, Topics.STOCK_TRADES, "stock-data", "", "timestamp"),
            new Dataset(Topics.H_ALPACA, Topics.H_ALPACA, "historical-data", "", "timestamp"),
            new Dataset(Topics.MACRODATA, Topics.MACRODATA, "macro-data", Topics.MACRODATA, "date"),
            new Dataset(Topics.H_MACRODATA, Topics.H_MACRODATA, "macro-data", Topics.H_MACRODATA, "date"),
            new Dataset(Topics.POLICY_EVENTS, Topics.POLICY_EVENTS, "macro-data", Topics.POLICY_EVENTS, "effective_at"),
            // available_from: the point-in-time column the lake catalog and the as-of queries use (when a statement
            // could first be acted on), so the summary's freshness and the API's as-of answers agree.
            new Dataset(Topics.H_COMPANY, Topics.H_COMPANY, "company-fundamentals", "", "available_from"),
            new Dataset(Topics.FINNHUB, Topics.FINNHUB, "finnhub-data", "", "published_at"),
            new Dataset(Topics.NEWSAPI, Topics.NEWSAPI, "news-data", Topics.NEWSAPI, "published_at"),
            new Dataset(Topics.BLUESKY, Topics.BLUESKY, "bluesky-data", "", "created_at"),
            new Dataset(Topics.X_POSTS, Topics.X_POSTS, "x-data", "", "created_at"));

    private SinkDatasets() {
    }

    /**
     * @param locations per dataset {@code bucket/prefix} overrides ({@code marketflow.query.lake.locations})
     * @param topics per dataset topic renames ({@code marketflow.query.status.topics})
     * @param local true for the sink's {@code local} storage, where each dataset is the directory named after its topic
     * @return the datasets in display order
     */
    public static List<Dataset> resolve(Map<String, String> locations, Map<String, String> topics, boolean local) {
        List<Dataset> result = new ArrayList<>();
        for (Dataset d : DEFAULTS) {
            String topic = topics.getOrDefault(d.id(), d.topic());
            String bucket = d.bucket();
            String prefix = d.prefix();
            String location = locations.get(d.id());
            if (location != null) {
                String trimmed = trim(location);
                int slash = trimmed.indexOf('/');
                bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
                prefix = slash < 0 ? "" : trim(trimmed.substring(slash + 1));
            }
            if (local) {
                // The sink's local layout is {local-dir}/{topic}/{hive path}: the topic folder replaces bucket and prefix.
                bucket = topic;
                prefix = "";
            }
            result.add(new Dataset(d.id(), topic, bucket, prefix, d.timeColumn()));
        }
        return List.copyOf(result);
    }

    private static String trim(String value) {
        String v = value.strip();
        while (v.startsWith("/")) {
            v = v.substring(1);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
