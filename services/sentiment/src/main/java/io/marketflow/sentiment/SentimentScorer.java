package io.marketflow.sentiment;

/** Scores a short text's sentiment in [-1, 1]; implementations are thread-safe and never touch the network. */
public interface SentimentScorer {

    /**
     * @param text any text, possibly null or empty
     * @return the sentiment in [-1, 1]: negative below zero, 0 for no opinion
     */
    double score(String text);

    /** @return the scorer's name and version as stored beside each score, e.g. {@code finance-lexicon/1} */
    String id();

    /** @return scores whose magnitude is below this band count as neutral in {@link #classify} */
    double neutralBand();

    /**
     * @param text any text
     * @return the three-class label of {@link #score}
     */
    default SentimentLabel classify(String text) {
        return SentimentLabel.of(score(text), neutralBand());
    }
}
