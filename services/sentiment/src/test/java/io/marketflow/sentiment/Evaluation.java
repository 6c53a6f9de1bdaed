package io.marketflow.sentiment;

import java.util.List;

/** Accuracy and macro-F1 of a scorer's three-class labels on a list of examples. */
record Evaluation(String scorer, int n, double accuracy, double macroF1, int[][] confusion) {

    static Evaluation of(SentimentScorer scorer, List<EvaluationSet.Example> examples) {
        int k = SentimentLabel.values().length;
        int[][] c = new int[k][k];
        for (EvaluationSet.Example e : examples) {
            c[e.label().ordinal()][scorer.classify(e.text()).ordinal()]++;
        }
        int correct = 0;
        double f1Sum = 0;
        for (int i = 0; i < k; i++) {
            correct += c[i][i];
            int predicted = 0;
            int actual = 0;
            for (int j = 0; j < k; j++) {
                predicted += c[j][i];
                actual += c[i][j];
            }
            double p = predicted == 0 ? 0 : (double) c[i][i] / predicted;
            double r = actual == 0 ? 0 : (double) c[i][i] / actual;
            f1Sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return new Evaluation(scorer.id(), examples.size(), (double) correct / examples.size(), f1Sum / k, c);
    }

    String line() {
        return String.format("%-26s n=%d accuracy=%.3f macro-F1=%.3f confusion(rows=true N/U/P)=[%d %d %d | %d %d %d | %d %d %d]",
                scorer, n, accuracy, macroF1, confusion[0][0], confusion[0][1], confusion[0][2], confusion[1][0], confusion[1][1],
                confusion[1][2], confusion[2][0], confusion[2][1], confusion[2][2]);
    }
}
