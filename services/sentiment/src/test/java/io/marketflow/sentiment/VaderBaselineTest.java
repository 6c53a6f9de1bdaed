package io.marketflow.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The general-lexicon baseline behaves as VADER's core rules do. */
class VaderBaselineTest {

    private final SentimentScorer vader = Scorers.vaderBaseline();

    @Test
    void scoresGeneralOpinionWords() {
        assertTrue(vader.score("This is a great and wonderful day") > 0.5);
        assertTrue(vader.score("This is a terrible, horrible day") < -0.5);
    }

    @Test
    void negationAndIntensifiersFollowVader() {
        assertTrue(vader.score("not good") < 0);
        assertTrue(vader.score("very good") > vader.score("good"));
    }

    @Test
    void missesFinanceDirection() {
        // The reason for a finance lexicon: a general lexicon sees no opinion in a movement of a quantity.
        assertEquals(SentimentLabel.NEUTRAL, vader.classify("Net loss narrowed to $5 million") == SentimentLabel.POSITIVE
                ? SentimentLabel.POSITIVE : SentimentLabel.NEUTRAL);
        assertTrue(vader.score("Net loss narrowed to $5 million") <= 0);
    }
}
