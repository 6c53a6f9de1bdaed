package io.marketflow.sentiment;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On-demand benchmark (-Dbench=true): accuracy and macro-F1 of both scorers on the test split, and their throughput
 * in sentences per second over the whole set repeated. Prints; asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SentimentBenchmark {

    @Test
    void reportsQualityAndThroughput() {
        EvaluationSet set = EvaluationSet.load();
        List<String> texts = set.examples().stream().map(EvaluationSet.Example::text).toList();
        for (SentimentScorer scorer : List.of(Scorers.vaderBaseline(), Scorers.finance())) {
            System.out.println("[bench] test " + Evaluation.of(scorer, set.split("test")).line());
            System.out.println("[bench] dev  " + Evaluation.of(scorer, set.split("dev")).line());
            double sink = 0;
            for (int warm = 0; warm < 300; warm++) {
                for (String t : texts) {
                    sink += scorer.score(t);
                }
            }
            int rounds = 1000;
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (String t : texts) {
                    sink += scorer.score(t);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[bench] %s throughput=%.0f sentences/s (%d sentences in %.2f s, one thread, checksum %.1f)%n",
                    scorer.id(), rounds * texts.size() / seconds, rounds * texts.size(), seconds, sink);
        }
    }
}
