package dev.livedigits.nn;

/** Numerically stable softmax and cross-entropy on logits. */
public final class Softmax {
    private Softmax() {}

    /**
     * Writes {@code softmax(z)} into {@code out} and returns {@code log(sum(exp(z)))}.
     * Subtracting the maximum first keeps every exponent ≤ 0, so logits of any size neither
     * overflow nor lose the winner; the sum is done in double so ten tiny terms do not round away.
     */
    public static double probabilities(float[] z, int n, float[] out) {
        float max = z[0];
        for (int j = 1; j < n; j++) max = Math.max(max, z[j]);
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = Math.exp((double) z[j] - max);
            out[j] = (float) e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < n; j++) out[j] *= inv;
        return max + Math.log(sum);
    }

    /** Cross-entropy {@code -log softmax(z)[label]} given the log-sum-exp: finite even for huge logits. */
    public static double crossEntropy(float[] z, int label, double logSumExp) {
        return logSumExp - z[label];
    }

    /** Index of the largest value; ties go to the lower index. */
    public static int argmax(float[] v, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) if (v[j] > v[best]) best = j;
        return best;
    }
}
