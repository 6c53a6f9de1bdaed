package io.marketflow.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The word lists a {@link LexiconScorer} reads: valences of words and phrases, direction words and the nouns whose
 * good direction they flip, negators and intensifiers. Immutable once built.
 *
 * @param valence word or phrase → valence (roughly -4..4, VADER's scale)
 * @param direction word or phrase → signed strength of a movement ("rose" +1.5, "plunged" -2.5)
 * @param polar noun or phrase → +1 if up is good for investors (profit), -1 if down is good (debt, losses)
 * @param negators words that flip the valence of what follows within three tokens
 * @param boosters word → amount added to (positive) or removed from (negative) the next valence's magnitude
 */
record Lexicon(Map<String, Double> valence, Map<String, Double> direction, Map<String, Integer> polar, Set<String> negators,
        Map<String, Double> boosters) {

    /** @return the number of tokens in the longest phrase of any list */
    int maxPhraseTokens() {
        int max = 1;
        for (Map<String, ?> m : java.util.List.<Map<String, ?>>of(valence, direction, polar)) {
            for (String k : m.keySet()) {
                max = Math.max(max, k.split(" ").length);
            }
        }
        return max;
    }

    /**
     * Reads our finance format: {@code type<TAB>term<TAB>value} with type {@code word}, {@code dir}, {@code polar},
     * {@code negator} or {@code booster}; {@code #} starts a comment line. Terms are tokenized as text is, so
     * "better-than-expected" and "better than expected" are the same entry.
     */
    static Lexicon finance(InputStream in) {
        Map<String, Double> valence = new HashMap<>();
        Map<String, Double> direction = new HashMap<>();
        Map<String, Integer> polar = new HashMap<>();
        Map<String, Double> boosters = new HashMap<>();
        java.util.Set<String> negators = new java.util.HashSet<>();
        int lineNo = 0;
        for (String line : lines(in)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String term = String.join(" ", Tokens.of(f[1]));
            try {
                switch (f[0]) {
                    case "word" -> valence.put(term, Double.parseDouble(f[2]));
                    case "dir" -> direction.put(term, Double.parseDouble(f[2]));
                    case "polar" -> polar.put(term, Integer.parseInt(f[2]));
                    case "negator" -> negators.add(term);
                    case "booster" -> boosters.put(term, Double.parseDouble(f[2]));
                    default -> throw new IllegalArgumentException("unknown type " + f[0]);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("finance lexicon line " + lineNo + " is malformed: " + line, e);
            }
        }
        return new Lexicon(Map.copyOf(valence), Map.copyOf(direction), Map.copyOf(polar), Set.copyOf(negators), Map.copyOf(boosters));
    }

    /** Reads VADER's {@code vader_lexicon.txt}: {@code token<TAB>mean<TAB>stddev<TAB>ratings}; only the mean is used. */
    static Map<String, Double> vader(InputStream in) {
        Map<String, Double> valence = new HashMap<>();
        for (String line : lines(in)) {
            String[] f = line.split("\t");
            if (f.length >= 2) {
                valence.put(f[0].toLowerCase(java.util.Locale.ROOT), Double.parseDouble(f[1]));
            }
        }
        return Map.copyOf(valence);
    }

    private static java.util.List<String> lines(InputStream in) {
        if (in == null) {
            throw new IllegalStateException("lexicon resource missing from the classpath");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
