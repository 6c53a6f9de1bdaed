package io.marketflow.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The finance scorer on fixed sentences whose labels do not depend on tuning. */
class FinanceScorerTest {

    private final SentimentScorer scorer = Scorers.finance();

    @Test
    void readsDirectionAgainstTheQuantityItMoves() {
        assertEquals(SentimentLabel.POSITIVE, scorer.classify("Net loss narrowed to $5 million"));
        assertEquals(SentimentLabel.NEGATIVE, scorer.classify("Net loss widened to $50 million"));
        assertEquals(SentimentLabel.POSITIVE, scorer.classify("The company cut its debt by a third"));
        assertEquals(SentimentLabel.NEGATIVE, scorer.classify("Quarterly profit fell 20%"));
        assertEquals(SentimentLabel.POSITIVE, scorer.classify("Quarterly profit rose 20%"));
    }

    @Test
    void negationFlipsTheSign() {
        assertTrue(scorer.score("The results were strong") > 0);
        assertTrue(scorer.score("The results were not strong") < 0);
    }

    @Test
    void factualAnnouncementsAreNeutral() {
        assertEquals(SentimentLabel.NEUTRAL, scorer.classify("The company will report earnings on Thursday"));
        assertEquals(SentimentLabel.NEUTRAL, scorer.classify(""));
        assertEquals(0.0, scorer.score(null));
    }

    @Test
    void scoresStayInsideMinusOneToOne() {
        String loud = "record record record beat beat beat soared soared surged jumped strongest best upgrade upgrade";
        assertTrue(scorer.score(loud) <= 1.0 && scorer.score(loud) > 0.9);
        String grim = "bankruptcy fraud scandal collapse plunged crashed worst downgrade junk";
        assertTrue(scorer.score(grim) >= -1.0 && scorer.score(grim) < -0.9);
    }

    @Test
    void namesItsVersion() {
        assertEquals("finance-lexicon/1", scorer.id());
    }
}
