package dev.livedigits.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hot loops written with {@code jdk.incubator.vector}; only loaded when that module is present.
 *
 * <p>Why this shape (see shared/perf-notes.md, measured on these machines): C2 does not vectorize the
 * plain loops, and a vector axpy that loads and stores the output row for every input pixel is
 * memory-bound. Keeping a block of up to eight output vectors in registers while walking the
 * non-zero inputs, and storing once at the end, is about ten times faster.
 *
 * <p>Arrays passed here carry {@link #PAD} floats of slack at the end so that a block that runs
 * past {@code out} may read (never write) a little beyond it: the extra lanes land in scratch space
 * ({@code z}) or meet zeros ({@code dz}), which keeps the narrow output layer vectorized without masks.
 */
final class VectorKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Slack (in floats) every parameter, gradient and activation array carries past its end. */
    static final int PAD = 64;

    private VectorKernels() {}

    static void affineSparse(float[] p, int wOff, float[] start, int startOff, int out, int[] idx, float[] val, int from, int to, float[] z) {
        int j = 0;
        for (; j + 8 * L <= out; j += 8 * L) {
            int b = startOff + j;
            FloatVector a0 = FloatVector.fromArray(S, start, b);
            FloatVector a1 = FloatVector.fromArray(S, start, b + L);
            FloatVector a2 = FloatVector.fromArray(S, start, b + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, start, b + 3 * L);
            FloatVector a4 = FloatVector.fromArray(S, start, b + 4 * L);
            FloatVector a5 = FloatVector.fromArray(S, start, b + 5 * L);
            FloatVector a6 = FloatVector.fromArray(S, start, b + 6 * L);
            FloatVector a7 = FloatVector.fromArray(S, start, b + 7 * L);
            for (int k = from; k < to; k++) {
                FloatVector x = FloatVector.broadcast(S, val[k]);
                int r = wOff + idx[k] * out + j;
                a0 = FloatVector.fromArray(S, p, r).fma(x, a0);
                a1 = FloatVector.fromArray(S, p, r + L).fma(x, a1);
                a2 = FloatVector.fromArray(S, p, r + 2 * L).fma(x, a2);
                a3 = FloatVector.fromArray(S, p, r + 3 * L).fma(x, a3);
                a4 = FloatVector.fromArray(S, p, r + 4 * L).fma(x, a4);
                a5 = FloatVector.fromArray(S, p, r + 5 * L).fma(x, a5);
                a6 = FloatVector.fromArray(S, p, r + 6 * L).fma(x, a6);
                a7 = FloatVector.fromArray(S, p, r + 7 * L).fma(x, a7);
            }
            a0.intoArray(z, j);
            a1.intoArray(z, j + L);
            a2.intoArray(z, j + 2 * L);
            a3.intoArray(z, j + 3 * L);
            a4.intoArray(z, j + 4 * L);
            a5.intoArray(z, j + 5 * L);
            a6.intoArray(z, j + 6 * L);
            a7.intoArray(z, j + 7 * L);
        }
        for (; j + 2 * L <= out; j += 2 * L) {
            FloatVector a0 = FloatVector.fromArray(S, start, startOff + j);
            FloatVector a1 = FloatVector.fromArray(S, start, startOff + j + L);
            for (int k = from; k < to; k++) {
                FloatVector x = FloatVector.broadcast(S, val[k]);
                int r = wOff + idx[k] * out + j;
                a0 = FloatVector.fromArray(S, p, r).fma(x, a0);
                a1 = FloatVector.fromArray(S, p, r + L).fma(x, a1);
            }
            a0.intoArray(z, j);
            a1.intoArray(z, j + L);
        }
        // The last (possibly partial) vector: lanes past `out` read the next row and are discarded.
        for (; j < out; j += L) {
            FloatVector a0 = FloatVector.fromArray(S, start, startOff + j);
            for (int k = from; k < to; k++) {
                a0 = FloatVector.fromArray(S, p, wOff + idx[k] * out + j).fma(FloatVector.broadcast(S, val[k]), a0);
            }
            a0.intoArray(z, j);
        }
    }

    static void accumulateOuter(float[] g, int wOff, int out, int[] idx, float[] val, int from, int to, float[] dz) {
        int j = 0;
        for (; j + 8 * L <= out; j += 8 * L) {
            FloatVector d0 = FloatVector.fromArray(S, dz, j);
            FloatVector d1 = FloatVector.fromArray(S, dz, j + L);
            FloatVector d2 = FloatVector.fromArray(S, dz, j + 2 * L);
            FloatVector d3 = FloatVector.fromArray(S, dz, j + 3 * L);
            FloatVector d4 = FloatVector.fromArray(S, dz, j + 4 * L);
            FloatVector d5 = FloatVector.fromArray(S, dz, j + 5 * L);
            FloatVector d6 = FloatVector.fromArray(S, dz, j + 6 * L);
            FloatVector d7 = FloatVector.fromArray(S, dz, j + 7 * L);
            for (int k = from; k < to; k++) {
                FloatVector x = FloatVector.broadcast(S, val[k]);
                int r = wOff + idx[k] * out + j;
                d0.fma(x, FloatVector.fromArray(S, g, r)).intoArray(g, r);
                d1.fma(x, FloatVector.fromArray(S, g, r + L)).intoArray(g, r + L);
                d2.fma(x, FloatVector.fromArray(S, g, r + 2 * L)).intoArray(g, r + 2 * L);
                d3.fma(x, FloatVector.fromArray(S, g, r + 3 * L)).intoArray(g, r + 3 * L);
                d4.fma(x, FloatVector.fromArray(S, g, r + 4 * L)).intoArray(g, r + 4 * L);
                d5.fma(x, FloatVector.fromArray(S, g, r + 5 * L)).intoArray(g, r + 5 * L);
                d6.fma(x, FloatVector.fromArray(S, g, r + 6 * L)).intoArray(g, r + 6 * L);
                d7.fma(x, FloatVector.fromArray(S, g, r + 7 * L)).intoArray(g, r + 7 * L);
            }
        }
        for (; j + L <= out; j += L) {
            FloatVector d0 = FloatVector.fromArray(S, dz, j);
            for (int k = from; k < to; k++) {
                int r = wOff + idx[k] * out + j;
                d0.fma(FloatVector.broadcast(S, val[k]), FloatVector.fromArray(S, g, r)).intoArray(g, r);
            }
        }
        if (j < out) {
            // Stores must not spill into the next row, so the ragged end stays scalar.
            for (int k = from; k < to; k++) {
                float x = val[k];
                int r = wOff + idx[k] * out;
                for (int jj = j; jj < out; jj++) {
                    g[r + jj] = Math.fma(x, dz[jj], g[r + jj]);
                }
            }
        }
    }

    /** Requires {@code dz[out..out+L)} to be zero: the over-read lanes then add exactly nothing. */
    static void backpropRows(float[] p, int wOff, int out, float[] dz, int[] idx, int from, int to, float[] dzPrev) {
        if (out <= L) {
            FloatVector d = FloatVector.fromArray(S, dz, 0);
            for (int k = from; k < to; k++) {
                dzPrev[idx[k]] = FloatVector.fromArray(S, p, wOff + idx[k] * out).mul(d).reduceLanes(VectorOperators.ADD);
            }
            return;
        }
        for (int k = from; k < to; k++) {
            int r = wOff + idx[k] * out;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < out; j += L) {
                acc = FloatVector.fromArray(S, p, r + j).fma(FloatVector.fromArray(S, dz, j), acc);
            }
            dzPrev[idx[k]] = acc.reduceLanes(VectorOperators.ADD);
        }
    }

    static void add(float[] g, int off, float[] dz, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector.fromArray(S, g, off + j).add(FloatVector.fromArray(S, dz, j)).intoArray(g, off + j);
        }
        for (; j < n; j++) g[off + j] += dz[j];
    }

    static void roundScaled(float[] a, int n, float scale, int[] bits) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector.fromArray(S, a, j).max(0f).fma(scale, Kernels.ROUNDING_MAGIC).reinterpretAsInts().intoArray(bits, j);
        }
        for (; j < n; j++) bits[j] = Float.floatToRawIntBits(Math.fma(Math.max(a[j], 0f), scale, Kernels.ROUNDING_MAGIC));
    }

    static float maxOrZero(float[] a, int n) {
        FloatVector m = FloatVector.zero(S);
        int j = 0;
        for (; j + L <= n; j += L) m = m.max(FloatVector.fromArray(S, a, j));
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) max = Math.max(max, a[j]);
        return max;
    }

    /**
     * Adds the gradient buffers of threads 1.. into buffer 0 (zeroing them) over {@code [from, to)}.
     * Kept separate from the update: a vector carried through an inner loop over the buffers is not
     * scalar-replaced by C2 and was boxed on every iteration (measured 4x slower).
     */
    static void foldGradients(float[][] grads, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        float[] g0 = grads[0];
        for (int t = 1; t < grads.length; t++) {
            float[] gt = grads[t];
            int i = from;
            for (; i + L <= to; i += L) {
                FloatVector.fromArray(S, g0, i).add(FloatVector.fromArray(S, gt, i)).intoArray(g0, i);
                zero.intoArray(gt, i);
            }
            for (; i < to; i++) {
                g0[i] += gt[i];
                gt[i] = 0f;
            }
        }
    }

    static void adam(float[] w, float[] m, float[] v, float[] g0, int from, int to,
                     float gradScale, float beta1, float beta2, float stepSize, float epsHat) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector g = FloatVector.fromArray(S, g0, i).mul(gradScale);
            zero.intoArray(g0, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(g.mul(1f - beta1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(g.mul(g).mul(1f - beta2));
            mi = mi.blend(zero, mi.abs().compare(VectorOperators.LT, ScalarKernels.FLUSH_TO_ZERO));
            vi = vi.blend(zero, vi.compare(VectorOperators.LT, ScalarKernels.FLUSH_TO_ZERO));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector wi = FloatVector.fromArray(S, w, i);
            wi.sub(mi.mul(stepSize).div(vi.sqrt().add(epsHat))).intoArray(w, i);
        }
        ScalarKernels.adam(w, m, v, g0, i, to, gradScale, beta1, beta2, stepSize, epsHat);
    }

    static void sgdMomentum(float[] w, float[] velocity, float[] g0, int from, int to,
                            float gradScale, float momentum, float lr) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector g = FloatVector.fromArray(S, g0, i);
            zero.intoArray(g0, i);
            FloatVector vi = FloatVector.fromArray(S, velocity, i).mul(momentum).add(g.mul(gradScale));
            vi.intoArray(velocity, i);
            FloatVector.fromArray(S, w, i).sub(vi.mul(lr)).intoArray(w, i);
        }
        ScalarKernels.sgdMomentum(w, velocity, g0, i, to, gradScale, momentum, lr);
    }
}
