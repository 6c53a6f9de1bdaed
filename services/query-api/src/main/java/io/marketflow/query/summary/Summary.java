package io.marketflow.query.summary;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The body of {@code GET /api/summary}: the lake per dataset, Kafka per topic, the dead letters and the aggregator.
 * Sections that could not be read carry an error and leave the others intact.
 *
 * @param generatedAt when the Kafka and PostgreSQL parts were read
 * @param lakeListedAt when the lake part was listed (it is refreshed less often)
 * @param datasets the sink's datasets in the lake
 * @param topics the raw topics: throughput and the consumer groups' lag
 * @param deadLetters every {@code *.dlq} topic
 * @param aggregator the aggregator's table and last run
 * @param errors what could not be read (Kafka down, a bucket unreachable), empty when all was
 */
public record Summary(Instant generatedAt, Instant lakeListedAt, List<DatasetView> datasets, List<TopicView> topics,
                      List<DeadLetterTopic> deadLetters, AggregatorView aggregator, List<String> errors) {

    /**
     * A dataset with its freshness.
     *
     * @param summary what the listing and footers say
     * @param freshnessSeconds seconds from the last event to {@code generatedAt}, null when no event is known
     */
    public record DatasetView(@JsonUnwrapped DatasetSummary summary, Long freshnessSeconds) {
    }

    /**
     * A raw topic.
     *
     * @param topic the topic
     * @param dataset the dataset it feeds
     * @param exists false when the topic is not created yet
     * @param records records in the log now (end − start offsets)
     * @param endOffset the sum of its partitions' end offsets
     * @param recordsPerSecond write rate over about the last minute of samples, null until two samples exist
     * @param sinkLag the parquet-sink group's lag, null when it never committed on this topic
     * @param aggregatorLag the aggregator group's lag, null when it does not consume this topic or never committed
     */
    public record TopicView(String topic, String dataset, boolean exists, long records, long endOffset, Double recordsPerSecond,
                            Long sinkLag, Long aggregatorLag) {
    }

    /**
     * A dead-letter topic.
     *
     * @param topic the DLQ topic
     * @param messages records in it now (end − start offsets)
     * @param latest its newest records' reasons, newest first
     */
    public record DeadLetterTopic(String topic, long messages, List<DeadLetter> latest) {
    }

    /**
     * The aggregator with its freshness.
     *
     * @param summary rows, newest minute, last run
     * @param freshnessSeconds seconds from the newest minute to {@code generatedAt}, null when empty
     */
    public record AggregatorView(@JsonUnwrapped AggregatorSummary summary, Long freshnessSeconds) {
    }
}
