package io.marketflow.query.summary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.status.ThroughputHistory;

/**
 * Builds the {@link Summary} and caches it: the Kafka and PostgreSQL parts for {@code cache-ttl}, the lake listing for
 * {@code lake-ttl}. One computation at a time; concurrent requests wait for it and share its result, so a page polled
 * by many browsers costs the same as one.
 */
public final class SummaryService {

    /** The span the summary's records per second are averaged over. */
    static final Duration RATE_SPAN = Duration.ofMinutes(1);

    private final List<SinkDatasets.Dataset> datasets;
    private final LakeSummary lake;
    private final KafkaProbe kafka;
    private final AggregatorProbe aggregator;
    private final ThroughputHistory history;
    private final QueryConfig.Status config;
    private final Clock clock;

    private Summary cached;
    private List<DatasetSummary> lakeCached;
    private Instant lakeAt;
    /** Per DLQ topic: the end-offset sum its reasons were read at, and the reasons; re-read only when it moves. */
    private final Map<String, Map.Entry<Long, List<DeadLetter>>> reasons = new HashMap<>();

    /**
     * @param datasets the sink's datasets
     * @param lake the lake part
     * @param kafka the Kafka part
     * @param aggregator the PostgreSQL part
     * @param history the sampler's history (records per second)
     * @param config TTLs and groups
     * @param clock now
     */
    public SummaryService(List<SinkDatasets.Dataset> datasets, LakeSummary lake, KafkaProbe kafka, AggregatorProbe aggregator,
                          ThroughputHistory history, QueryConfig.Status config, Clock clock) {
        this.datasets = List.copyOf(datasets);
        this.lake = lake;
        this.kafka = kafka;
        this.aggregator = aggregator;
        this.history = history;
        this.config = config;
        this.clock = clock;
    }

    /** @return the datasets the summary covers */
    public List<SinkDatasets.Dataset> datasets() {
        return datasets;
    }

    /** @return the cached summary, recomputed when older than {@code cache-ttl} */
    public synchronized Summary summary() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.generatedAt().plus(config.cacheTtl()))) {
            return cached;
        }
        List<String> errors = new ArrayList<>();
        if (lakeCached == null || !now.isBefore(lakeAt.plus(config.lakeTtl()))) {
            lakeCached = lake.refresh(datasets);
            lakeAt = now;
        }
        lakeCached.stream().filter(d -> d.error() != null).forEach(d -> errors.add(d.dataset() + ": " + d.error()));
        List<Summary.DatasetView> views = lakeCached.stream()
                .map(d -> new Summary.DatasetView(d, d.lastEvent() == null ? null : Duration.between(d.lastEvent(), now).toSeconds()))
                .toList();

        List<Summary.TopicView> topics = new ArrayList<>();
        List<Summary.DeadLetterTopic> dlqs = new ArrayList<>();
        try {
            topics = topics();
            dlqs = deadLetters();
        } catch (KafkaProbe.KafkaProbeException e) {
            errors.add("Kafka: " + e.getMessage());
        }
        AggregatorSummary agg = aggregator.read();
        if (agg.error() != null) {
            errors.add("aggregator: " + agg.error());
        }
        Long aggFreshness = agg.lastTimestamp() == null ? null : Duration.between(agg.lastTimestamp(), now).toSeconds();
        cached = new Summary(now, lakeAt, views, topics, dlqs, new Summary.AggregatorView(agg, aggFreshness), List.copyOf(errors));
        return cached;
    }

    private List<Summary.TopicView> topics() {
        List<String> names = datasets.stream().map(SinkDatasets.Dataset::topic).toList();
        Map<String, TopicOffsets> offsets = kafka.offsets(names);
        Map<String, Map<Integer, Long>> sink = kafka.committed(config.sinkGroup());
        Map<String, Map<Integer, Long>> agg = kafka.committed(config.aggregatorGroup());
        Set<String> aggregatorTopics = new TreeSet<>();
        for (String id : config.aggregatorTopics()) {
            aggregatorTopics.add(config.topics().getOrDefault(id, id));
        }
        List<Summary.TopicView> views = new ArrayList<>();
        for (SinkDatasets.Dataset d : datasets) {
            TopicOffsets o = offsets.get(d.topic());
            OptionalDouble rate = history.rate(d.topic(), RATE_SPAN);
            Double perSecond = rate.isPresent() ? rate.getAsDouble() : null;
            if (o == null) {
                views.add(new Summary.TopicView(d.topic(), d.id(), false, 0, 0, perSecond, null, null));
                continue;
            }
            Long sinkLag = boxed(o.lag(sink.getOrDefault(d.topic(), Map.of())));
            Long aggLag = aggregatorTopics.contains(d.topic()) ? boxed(o.lag(agg.getOrDefault(d.topic(), Map.of()))) : null;
            views.add(new Summary.TopicView(d.topic(), d.id(), true, o.records(), o.endSum(), perSecond, sinkLag, aggLag));
        }
        return views;
    }

    private List<Summary.DeadLetterTopic> deadLetters() {
        Map<String, TopicOffsets> offsets = kafka.offsets(new TreeSet<>(kafka.deadLetterTopics()));
        List<Summary.DeadLetterTopic> result = new ArrayList<>();
        for (String topic : new TreeSet<>(offsets.keySet())) {
            TopicOffsets o = offsets.get(topic);
            Map.Entry<Long, List<DeadLetter>> known = reasons.get(topic);
            if (known == null || known.getKey() != o.endSum()) {
                known = Map.entry(o.endSum(), kafka.latest(o, config.deadLetterReasons()));
                reasons.put(topic, known);
            }
            result.add(new Summary.DeadLetterTopic(topic, o.records(), known.getValue()));
        }
        reasons.keySet().retainAll(offsets.keySet());
        return result;
    }

    private static Long boxed(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }
}
