package io.marketflow.sentiment;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/** Builds the shipped scorers from their classpath lexicons; each is built once and shared (they are immutable). */
public final class Scorers {

    /** Name/version of {@link #finance()}; bump the version whenever the lexicon or a weight changes. */
    public static final String FINANCE_ID = "finance-lexicon/1";
    /** Name/version of {@link #vaderBaseline()}. */
    public static final String VADER_ID = "vader-lexicon-baseline/1";

    // VADER's negators and intensifiers as listed in the VADER paper's reference implementation (Hutto & Gilbert 2014).
    private static final Set<String> VADER_NEGATORS = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt",
            "doesnt", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "never", "none", "nope", "nor",
            "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "wasnt", "werent", "without", "wont", "wouldnt", "rarely",
            "seldom", "despite");
    private static final double B_INCR = 0.293;
    private static final Map<String, Double> VADER_BOOSTERS = Map.ofEntries(Map.entry("absolutely", B_INCR),
            Map.entry("completely", B_INCR), Map.entry("considerably", B_INCR), Map.entry("deeply", B_INCR),
            Map.entry("enormously", B_INCR), Map.entry("entirely", B_INCR), Map.entry("especially", B_INCR),
            Map.entry("exceptionally", B_INCR), Map.entry("extremely", B_INCR), Map.entry("fully", B_INCR),
            Map.entry("greatly", B_INCR), Map.entry("highly", B_INCR), Map.entry("hugely", B_INCR), Map.entry("incredibly", B_INCR),
            Map.entry("intensely", B_INCR), Map.entry("more", B_INCR), Map.entry("most", B_INCR), Map.entry("particularly", B_INCR),
            Map.entry("quite", B_INCR), Map.entry("really", B_INCR), Map.entry("remarkably", B_INCR), Map.entry("so", B_INCR),
            Map.entry("substantially", B_INCR), Map.entry("thoroughly", B_INCR), Map.entry("totally", B_INCR),
            Map.entry("tremendously", B_INCR), Map.entry("unusually", B_INCR), Map.entry("utterly", B_INCR), Map.entry("very", B_INCR),
            Map.entry("almost", -B_INCR), Map.entry("barely", -B_INCR), Map.entry("hardly", -B_INCR), Map.entry("less", -B_INCR),
            Map.entry("little", -B_INCR), Map.entry("marginally", -B_INCR), Map.entry("partly", -B_INCR),
            Map.entry("scarcely", -B_INCR), Map.entry("slightly", -B_INCR), Map.entry("somewhat", -B_INCR));

    private static volatile Map<String, Double> vaderWords;
    private static volatile SentimentScorer finance;
    private static volatile SentimentScorer vader;

    private Scorers() {
    }

    /** @return the finance lexicon scorer (our lexicon, with VADER's general words at a low weight as a fallback) */
    public static SentimentScorer finance() {
        if (finance == null) {
            finance = finance(0.25, 0.6, 0.15);
        }
        return finance;
    }

    /**
     * The finance scorer with explicit weights, for tuning on the dev split.
     *
     * @param generalWeight weight of VADER words the finance lexicon lacks
     * @param unlinkedDirection factor of a direction word with no polar noun near it
     * @param band neutral band
     * @return a new scorer
     */
    public static SentimentScorer finance(double generalWeight, double unlinkedDirection, double band) {
        Lexicon lexicon = Lexicon.finance(resource("finance_lexicon.tsv"));
        return new LexiconScorer(FINANCE_ID, lexicon, vaderWords(), generalWeight, unlinkedDirection, 15.0, band);
    }

    /** @return the plain general-lexicon baseline: VADER's lexicon, negators and intensifiers, its 0.05 neutral band */
    public static SentimentScorer vaderBaseline() {
        if (vader == null) {
            Lexicon lexicon = new Lexicon(vaderWords(), Map.of(), Map.of(), VADER_NEGATORS, VADER_BOOSTERS);
            vader = new LexiconScorer(VADER_ID, lexicon, Map.of(), 0.0, 0.0, 15.0, 0.05);
        }
        return vader;
    }

    private static Map<String, Double> vaderWords() {
        if (vaderWords == null) {
            vaderWords = Lexicon.vader(resource("vader_lexicon.txt"));
        }
        return vaderWords;
    }

    private static InputStream resource(String name) {
        return Scorers.class.getResourceAsStream(name);
    }
}
