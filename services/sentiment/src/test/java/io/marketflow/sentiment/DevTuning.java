package io.marketflow.sentiment;

/** Prints dev-split results and the dev errors of the finance scorer; used while tuning (never reads the test split). */
public final class DevTuning {

    private DevTuning() {
    }

    public static void main(String[] args) {
        var dev = EvaluationSet.load().split("dev");
        System.out.println(Evaluation.of(Scorers.vaderBaseline(), dev).line());
        SentimentScorer f = Scorers.finance();
        System.out.println(Evaluation.of(f, dev).line());
        for (double g : new double[] {0.0, 0.15, 0.25, 0.4}) {
            for (double band : new double[] {0.05, 0.1, 0.15, 0.2}) {
                System.out.println("g=" + g + " band=" + band + " " + Evaluation.of(Scorers.finance(g, 0.6, band), dev).line());
            }
        }
        for (var e : dev) {
            SentimentLabel got = f.classify(e.text());
            if (got != e.label()) {
                System.out.printf("%s %s->%s %.2f %s%n", e.id(), e.label(), got, f.score(e.text()), e.text());
            }
        }
    }
}
