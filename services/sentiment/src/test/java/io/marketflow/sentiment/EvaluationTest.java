package io.marketflow.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Quality gate on the held-out test split: the finance scorer beats the general baseline on both figures. */
class EvaluationTest {

    private final EvaluationSet set = EvaluationSet.load();

    @Test
    void theSetIsBalancedAndSplitInHalves() {
        assertEquals(360, set.examples().size());
        for (String split : new String[] {"dev", "test"}) {
            for (SentimentLabel label : SentimentLabel.values()) {
                assertEquals(60, set.split(split).stream().filter(e -> e.label() == label).count(), split + " " + label);
            }
        }
    }

    @Test
    void financeScorerBeatsTheGeneralBaselineOnTheTestSplit() {
        Evaluation finance = Evaluation.of(Scorers.finance(), set.split("test"));
        Evaluation vader = Evaluation.of(Scorers.vaderBaseline(), set.split("test"));
        assertTrue(finance.accuracy() > vader.accuracy() + 0.05, finance.line() + " vs " + vader.line());
        assertTrue(finance.macroF1() > vader.macroF1() + 0.05, finance.line() + " vs " + vader.line());
    }

    @Test
    void macroF1IsOneForAPerfectScorerAndCountsEveryExample() {
        SentimentScorer oracle = new SentimentScorer() {
            @Override
            public double score(String text) {
                return set.examples().stream().filter(e -> e.text().equals(text)).findFirst()
                        .map(e -> e.label().ordinal() - 1.0).orElseThrow();
            }

            @Override
            public String id() {
                return "oracle";
            }

            @Override
            public double neutralBand() {
                return 0.5;
            }
        };
        Evaluation e = Evaluation.of(oracle, set.split("dev"));
        assertEquals(1.0, e.macroF1(), 1e-9);
        assertEquals(180, Arrays.stream(e.confusion()).flatMapToInt(Arrays::stream).sum());
    }
}
