package io.marketflow.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The labelled sentences of {@code eval/financial_sentences.tsv}, by split. */
record EvaluationSet(List<Example> examples) {

    /** One labelled sentence. */
    record Example(String id, String split, SentimentLabel label, String text) {
    }

    static EvaluationSet load() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                EvaluationSet.class.getResourceAsStream("/eval/financial_sentences.tsv"), StandardCharsets.UTF_8))) {
            return new EvaluationSet(r.lines().skip(1).map(l -> l.split("\t", 4))
                    .map(f -> new Example(f[0], f[1], SentimentLabel.parse(f[2]), f[3])).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Example> split(String name) {
        return examples.stream().filter(e -> e.split().equals(name)).toList();
    }
}
