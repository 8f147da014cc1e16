package dev.livedigits.nn;

/**
 * Plain-Java reference versions of the hot loops.
 *
 * <p>They run when the {@code jdk.incubator.vector} module is not on the JVM (a {@code java -jar}
 * without {@code --add-modules}) and the tests compare the vector kernels against them. The
 * forward and outer-product kernels use {@link Math#fma} in the same order as the vector lanes do,
 * so both versions produce bit-identical results there; only the dot-product reductions may differ
 * in the last bits.
 */
final class ScalarKernels {
    /**
     * Adam's moments of weights that rarely get a gradient (pixels at the border are almost never
     * ink) decay geometrically into subnormal floats, and arithmetic on subnormals takes a slow
     * microcode path on x86 (measured: the whole update 4x slower). Java cannot set the CPU's
     * flush-to-zero mode, so moments this small are set to zero by hand; they are far below any
     * value that could move a weight.
     */
    static final float FLUSH_TO_ZERO = 1e-30f;

    private ScalarKernels() {}

    static void affineSparse(float[] p, int wOff, float[] start, int startOff, int out, int[] idx, float[] val, int from, int to, float[] z) {
        if (start != z || startOff != 0) System.arraycopy(start, startOff, z, 0, out);
        for (int k = from; k < to; k++) {
            float x = val[k];
            int row = wOff + idx[k] * out;
            for (int j = 0; j < out; j++) {
                z[j] = Math.fma(x, p[row + j], z[j]);
            }
        }
    }

    static void accumulateOuter(float[] g, int wOff, int out, int[] idx, float[] val, int from, int to, float[] dz) {
        for (int k = from; k < to; k++) {
            float x = val[k];
            int row = wOff + idx[k] * out;
            for (int j = 0; j < out; j++) {
                g[row + j] = Math.fma(x, dz[j], g[row + j]);
            }
        }
    }

    static void backpropRows(float[] p, int wOff, int out, float[] dz, int[] idx, int from, int to, float[] dzPrev) {
        for (int k = from; k < to; k++) {
            int row = wOff + idx[k] * out;
            float s = 0f;
            for (int j = 0; j < out; j++) {
                s = Math.fma(p[row + j], dz[j], s);
            }
            dzPrev[idx[k]] = s;
        }
    }

    static void add(float[] g, int off, float[] dz, int n) {
        for (int j = 0; j < n; j++) g[off + j] += dz[j];
    }

    static void roundScaled(float[] a, int n, float scale, int[] bits) {
        for (int j = 0; j < n; j++) bits[j] = Float.floatToRawIntBits(Math.fma(Math.max(a[j], 0f), scale, Kernels.ROUNDING_MAGIC));
    }

    static float maxOrZero(float[] a, int n) {
        float max = 0f;
        for (int j = 0; j < n; j++) max = Math.max(max, a[j]);
        return max;
    }

    /** Adds the gradient buffers of threads 1.. into buffer 0 over {@code [from, to)}, zeroing them. */
    static void foldGradients(float[][] grads, int from, int to) {
        float[] g0 = grads[0];
        for (int t = 1; t < grads.length; t++) {
            float[] gt = grads[t];
            for (int i = from; i < to; i++) {
                g0[i] += gt[i];
                gt[i] = 0f;
            }
        }
    }

    static void adam(float[] w, float[] m, float[] v, float[] g, int from, int to,
                     float gradScale, float beta1, float beta2, float stepSize, float epsHat) {
        for (int i = from; i < to; i++) {
            float gi = g[i] * gradScale;
            g[i] = 0f;
            float mi = beta1 * m[i] + gi * (1f - beta1);
            float vi = beta2 * v[i] + gi * gi * (1f - beta2);
            if (Math.abs(mi) < FLUSH_TO_ZERO) mi = 0f;
            if (vi < FLUSH_TO_ZERO) vi = 0f;
            m[i] = mi;
            v[i] = vi;
            w[i] -= mi * stepSize / ((float) Math.sqrt(vi) + epsHat);
        }
    }

    static void sgdMomentum(float[] w, float[] velocity, float[] g, int from, int to,
                            float gradScale, float momentum, float lr) {
        for (int i = from; i < to; i++) {
            float vi = momentum * velocity[i] + g[i] * gradScale;
            g[i] = 0f;
            velocity[i] = vi;
            w[i] -= vi * lr;
        }
    }
}
