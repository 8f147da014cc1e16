package dev.livedigits.nn;

/**
 * A deliberately naive, double-precision forward pass used as the ground truth in tests: loops
 * written straight from the definitions (zero padding by bounds tests, pooling by comparison),
 * nothing shared with the production kernels except the parameter layout.
 */
final class ReferenceNetwork {
    private ReferenceNetwork() {}

    /** {@code input} channels-last, as the network reads it. */
    static double[] logits(Architecture arch, double[] params, double[] input) {
        return logits(arch, params, input, null);
    }

    /**
     * With {@code inputMasks[l]} (when not null) multiplying dense layer {@code l}'s input element by
     * element: dropout with a fixed mask, scale included.
     */
    static double[] logits(Architecture arch, double[] params, double[] input, double[][] inputMasks) {
        double[] a = input.clone();
        for (int l = 0; l < arch.layerCount(); l++) {
            Shape in = arch.in(l);
            Shape out = arch.out(l);
            LayerSpec layer = arch.layer(l);
            double[] z = new double[out.size()];
            if (layer instanceof LayerSpec.Conv conv) {
                int k = conv.kernel();
                int pad = conv.padding();
                int cin = in.channels();
                int cout = conv.channels();
                for (int y = 0; y < in.height(); y++) {
                    for (int x = 0; x < in.width(); x++) {
                        for (int co = 0; co < cout; co++) {
                            double s = params[arch.biasOffset(l) + co];
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int yy = y + ky - pad;
                                    int xx = x + kx - pad;
                                    if (yy < 0 || xx < 0 || yy >= in.height() || xx >= in.width()) continue;
                                    for (int ci = 0; ci < cin; ci++) {
                                        s += a[(yy * in.width() + xx) * cin + ci]
                                                * params[arch.weightOffset(l) + ((ky * k + kx) * cin + ci) * cout + co];
                                    }
                                }
                            }
                            z[(y * in.width() + x) * cout + co] = Math.max(0, s);
                        }
                    }
                }
            } else if (layer instanceof LayerSpec.Pool) {
                int c = in.channels();
                for (int y = 0; y < out.height(); y++) {
                    for (int x = 0; x < out.width(); x++) {
                        for (int ch = 0; ch < c; ch++) {
                            double m = Double.NEGATIVE_INFINITY;
                            for (int dy = 0; dy < 2; dy++) {
                                for (int dx = 0; dx < 2; dx++) m = Math.max(m, a[((2 * y + dy) * in.width() + 2 * x + dx) * c + ch]);
                            }
                            z[(y * out.width() + x) * c + ch] = m;
                        }
                    }
                }
            } else {
                int n = in.size();
                if (inputMasks != null && inputMasks[l] != null) {
                    for (int k = 0; k < n; k++) a[k] *= inputMasks[l][k];
                }
                int units = out.size();
                for (int j = 0; j < units; j++) {
                    double s = params[arch.biasOffset(l) + j];
                    for (int k = 0; k < n; k++) s += a[k] * params[arch.weightOffset(l) + k * units + j];
                    z[j] = l < arch.layerCount() - 1 ? Math.max(0, s) : s;
                }
            }
            a = z;
        }
        return a;
    }

    static double loss(Architecture arch, double[] params, double[] input, int label) {
        return loss(arch, params, input, label, 0, null);
    }

    /** Cross-entropy against the label smoothed by {@code smoothing}, through fixed dropout masks. */
    static double loss(Architecture arch, double[] params, double[] input, int label, double smoothing, double[][] inputMasks) {
        double[] z = logits(arch, params, input, inputMasks);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (double v : z) sum += Math.exp(v - max);
        double logSumExp = max + Math.log(sum);
        double loss = 0;
        for (int j = 0; j < z.length; j++) {
            double target = (j == label ? 1 - smoothing : 0) + smoothing / z.length;
            loss += target * (logSumExp - z[j]);
        }
        return loss;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
