package dev.livedigits.nn;

/**
 * A deliberately naive, dense, double-precision forward pass used as the ground truth in tests:
 * nothing shared with the production kernels except the parameter layout.
 */
final class ReferenceNetwork {
    private ReferenceNetwork() {}

    static double[] logits(Layout layout, double[] params, double[] input) {
        double[] a = input.clone();
        for (int l = 0; l < layout.layerCount(); l++) {
            int in = layout.in(l);
            int out = layout.out(l);
            double[] z = new double[out];
            for (int j = 0; j < out; j++) {
                double s = params[layout.biasOffset(l) + j];
                for (int k = 0; k < in; k++) s += a[k] * params[layout.weightOffset(l) + k * out + j];
                z[j] = s;
            }
            if (l < layout.layerCount() - 1) {
                for (int j = 0; j < out; j++) z[j] = Math.max(0, z[j]);
            }
            a = z;
        }
        return a;
    }

    static double loss(Layout layout, double[] params, double[] input, int label) {
        double[] z = logits(layout, params, input);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (double v : z) sum += Math.exp(v - max);
        return max + Math.log(sum) - z[label];
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
