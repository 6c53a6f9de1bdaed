package io.marketflow.sentiment;

import java.util.Locale;

/** The three classes a score maps to, as the evaluation set labels them. */
public enum SentimentLabel {
    NEGATIVE, NEUTRAL, POSITIVE;

    /**
     * @param score a score in [-1, 1]
     * @param band scores with {@code |score| < band} are neutral
     * @return the label
     */
    public static SentimentLabel of(double score, double band) {
        if (score >= band) {
            return POSITIVE;
        }
        return score <= -band ? NEGATIVE : NEUTRAL;
    }

    /**
     * @param text {@code positive}, {@code negative} or {@code neutral}, any case
     * @return the label
     */
    public static SentimentLabel parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
