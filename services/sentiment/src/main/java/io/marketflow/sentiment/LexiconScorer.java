package io.marketflow.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rule-based scorer over a {@link Lexicon}: phrases matched longest first, negation and intensifiers as in VADER,
 * "but" shifting weight to the second clause, and, for finance, direction words ("rose", "narrowed") read against
 * the nearest polar noun ("profit" up is good, "losses" down is good). The sum is squashed into [-1, 1] as VADER's
 * compound score is: {@code s / sqrt(s² + alpha)}.
 */
public class LexiconScorer implements SentimentScorer {

    /** VADER's negation factor: a negated word keeps 74 % of its strength with the opposite sign. */
    static final double NEGATION = -0.74;
    /** How far back (in tokens) a negator reaches, as in VADER. */
    static final int NEGATION_WINDOW = 3;
    /** How far (in matched units) a direction word looks for the noun it moves. */
    static final int LINK_WINDOW = 4;

    private final String id;
    private final Lexicon lexicon;
    private final Map<String, Double> general;
    private final double generalWeight;
    private final double unlinkedDirection;
    private final double alpha;
    private final double band;
    private final int maxPhrase;

    /**
     * @param id name/version stored beside scores
     * @param lexicon the main lists
     * @param general a general lexicon consulted for words the main one lacks (may be empty)
     * @param generalWeight the general lexicon's weight relative to the main one
     * @param unlinkedDirection the factor of a direction word that found no polar noun ("stocks were sharply higher")
     * @param alpha the squashing constant (VADER: 15)
     * @param band the neutral band of {@link #classify}
     */
    public LexiconScorer(String id, Lexicon lexicon, Map<String, Double> general, double generalWeight, double unlinkedDirection,
            double alpha, double band) {
        this.id = id;
        this.lexicon = lexicon;
        this.general = general;
        this.generalWeight = generalWeight;
        this.unlinkedDirection = unlinkedDirection;
        this.alpha = alpha;
        this.band = band;
        this.maxPhrase = lexicon.maxPhraseTokens();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public double neutralBand() {
        return band;
    }

    @Override
    public double score(String text) {
        double s = rawSum(Tokens.of(text));
        if (s == 0.0) {
            return 0.0;
        }
        return Math.max(-1.0, Math.min(1.0, s / Math.sqrt(s * s + alpha)));
    }

    /** One matched word or phrase. */
    private static final class Unit {
        final int start;
        final int end;
        Double valence;
        final Double direction;
        final Integer polar;
        boolean consumed;

        Unit(int start, int end, Double valence, Double direction, Integer polar) {
            this.start = start;
            this.end = end;
            this.valence = valence;
            this.direction = direction;
            this.polar = polar;
        }
    }

    double rawSum(List<String> tokens) {
        List<Unit> units = match(tokens);
        // Direction words take their sign from the nearest polar noun; that noun's own valence ("losses") is then
        // already accounted for and must not count twice.
        for (int u = 0; u < units.size(); u++) {
            Unit d = units.get(u);
            if (d.direction == null) {
                continue;
            }
            Unit noun = nearestPolar(units, u);
            if (noun != null) {
                d.valence = d.direction * noun.polar;
                noun.consumed = true;
            } else if (d.valence == null) {
                d.valence = d.direction * unlinkedDirection;
            }
        }
        int butAt = tokens.indexOf("but");
        double sum = 0;
        for (Unit unit : units) {
            if (unit.valence == null || unit.consumed || unit.valence == 0.0) {
                continue;
            }
            double v = unit.valence;
            v = boost(tokens, unit.start, v);
            if (negated(tokens, unit.start)) {
                v *= NEGATION;
            }
            if (butAt >= 0) {
                v *= unit.start < butAt ? 0.5 : 1.5;
            }
            sum += v;
        }
        return sum;
    }

    private List<Unit> match(List<String> tokens) {
        List<Unit> units = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Unit found = null;
            for (int n = Math.min(maxPhrase, tokens.size() - i); n >= 1 && found == null; n--) {
                String key = n == 1 ? tokens.get(i) : String.join(" ", tokens.subList(i, i + n));
                Double v = lexicon.valence().get(key);
                Double d = lexicon.direction().get(key);
                Integer p = lexicon.polar().get(key);
                if (v != null || d != null || p != null) {
                    found = new Unit(i, i + n, v, d, p);
                }
            }
            if (found == null) {
                Double g = general.get(tokens.get(i));
                if (g != null && generalWeight > 0 && !lexicon.boosters().containsKey(tokens.get(i))
                        && !lexicon.negators().contains(tokens.get(i))) {
                    found = new Unit(i, i + 1, g * generalWeight, null, null);
                }
            }
            if (found != null) {
                units.add(found);
                i = found.end;
            } else {
                i++;
            }
        }
        return units;
    }

    private static Unit nearestPolar(List<Unit> units, int at) {
        for (int dist = 1; dist <= LINK_WINDOW; dist++) {
            // The noun before the verb is its subject ("profit rose"); prefer it over one after ("rose on costs").
            for (int j : new int[] {at - dist, at + dist}) {
                if (j >= 0 && j < units.size() && units.get(j).polar != null && !units.get(j).consumed && units.get(j).direction == null) {
                    return units.get(j);
                }
            }
        }
        return null;
    }

    private boolean negated(List<String> tokens, int start) {
        for (int k = Math.max(0, start - NEGATION_WINDOW); k < start; k++) {
            if (lexicon.negators().contains(tokens.get(k))) {
                return true;
            }
        }
        return false;
    }

    private double boost(List<String> tokens, int start, double v) {
        for (int k = Math.max(0, start - 2); k < start; k++) {
            Double b = lexicon.boosters().get(tokens.get(k));
            if (b != null) {
                v += Math.signum(v) * b;
            }
        }
        return v;
    }
}
