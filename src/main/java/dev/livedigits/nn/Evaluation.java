package dev.livedigits.nn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A network's predictions on a labelled set, and the summaries people ask for. */
public final class Evaluation {
    private final byte[] labels;
    private final byte[] predicted;
    private final float[] confidence;
    private final int count;

    Evaluation(byte[] labels, byte[] predicted, float[] confidence, int count) {
        this.labels = labels;
        this.predicted = predicted;
        this.confidence = confidence;
        this.count = count;
    }

    public int count() { return count; }

    public int predicted(int i) { return predicted[i]; }

    public float confidence(int i) { return confidence[i]; }

    public int correct() {
        int c = 0;
        for (int i = 0; i < count; i++) if (predicted[i] == labels[i]) c++;
        return c;
    }

    public double accuracy() { return (double) correct() / count; }

    /** {@code [actual][predicted]} counts. */
    public int[][] confusion() {
        int[][] m = new int[10][10];
        for (int i = 0; i < count; i++) m[labels[i]][predicted[i]]++;
        return m;
    }

    /** Accuracy per true digit (NaN for a digit that does not occur). */
    public double[] perDigitAccuracy() {
        int[][] m = confusion();
        double[] acc = new double[10];
        for (int d = 0; d < 10; d++) {
            int total = 0;
            for (int p = 0; p < 10; p++) total += m[d][p];
            acc[d] = total == 0 ? Double.NaN : (double) m[d][d] / total;
        }
        return acc;
    }

    /** Indices of the {@code limit} wrong answers given with the highest confidence, most confident first. */
    public List<Integer> mostConfidentMistakes(int limit) {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < count; i++) if (predicted[i] != labels[i]) wrong.add(i);
        wrong.sort(Comparator.comparingDouble((Integer i) -> -confidence[i]).thenComparingInt(i -> i));
        return wrong.subList(0, Math.min(limit, wrong.size()));
    }
}
