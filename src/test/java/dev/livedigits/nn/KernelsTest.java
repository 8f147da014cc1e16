package dev.livedigits.nn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelsTest {
    private final SplittableRandom random = new SplittableRandom(99);

    @Test
    @DisplayName("the build runs the tests with the Vector API kernels (Surefire adds the module)")
    void vectorKernelsAreInUse() {
        assertTrue(Kernels.VECTORIZED, Kernels.describe());
    }

    @Test
    @DisplayName("vector and plain forward and weight-gradient kernels give bit-identical results on every width")
    void forwardAndOuterProductAreBitIdentical() {
        for (int out : new int[] {1, 7, 10, 15, 16, 17, 31, 32, 33, 100, 128, 129, 255, 256, 300, 512}) {
            int in = 40;
            float[] p = randomArray(in * out + out + Kernels.PAD, 1f);
            int[] idx = new int[in];
            float[] val = new float[in];
            int nnz = 0;
            for (int k = 0; k < in; k++) {
                if (random.nextInt(3) != 0) {
                    idx[nnz] = k;
                    val[nnz++] = (float) random.nextDouble();
                }
            }
            float[] zs = new float[out + Kernels.PAD];
            float[] zv = new float[out + Kernels.PAD];
            ScalarKernels.affineSparse(p, 0, p, in * out, out, idx, val, 0, nnz, zs);
            VectorKernels.affineSparse(p, 0, p, in * out, out, idx, val, 0, nnz, zv);
            assertArrayEquals(java.util.Arrays.copyOf(zs, out), java.util.Arrays.copyOf(zv, out), "affine, out=" + out);
            // The same rows in two ranges, the second going on from the first: the same bits, both kinds.
            int half = nnz / 2;
            float[] zs2 = new float[out + Kernels.PAD];
            float[] zv2 = new float[out + Kernels.PAD];
            ScalarKernels.affineSparse(p, 0, p, in * out, out, idx, val, 0, half, zs2);
            ScalarKernels.affineSparse(p, 0, zs2, 0, out, idx, val, half, nnz, zs2);
            VectorKernels.affineSparse(p, 0, p, in * out, out, idx, val, 0, half, zv2);
            VectorKernels.affineSparse(p, 0, zv2, 0, out, idx, val, half, nnz, zv2);
            assertArrayEquals(java.util.Arrays.copyOf(zs, out), java.util.Arrays.copyOf(zs2, out), "affine in two ranges (plain), out=" + out);
            assertArrayEquals(java.util.Arrays.copyOf(zs, out), java.util.Arrays.copyOf(zv2, out), "affine in two ranges (vector), out=" + out);

            float[] dz = randomArray(out + Kernels.PAD, 1f);
            java.util.Arrays.fill(dz, out, dz.length, 0f);
            float[] gs = randomArray(p.length, 0.1f);
            float[] gv = gs.clone();
            ScalarKernels.accumulateOuter(gs, 0, out, idx, val, 0, nnz, dz);
            VectorKernels.accumulateOuter(gv, 0, out, idx, val, 0, nnz, dz);
            assertArrayEquals(gs, gv, "outer product, out=" + out);

            float[] ds = new float[in + Kernels.PAD];
            float[] dv = new float[in + Kernels.PAD];
            ScalarKernels.backpropRows(p, 0, out, dz, idx, 0, nnz, ds);
            VectorKernels.backpropRows(p, 0, out, dz, idx, 0, nnz, dv);
            for (int k = 0; k < in; k++) {
                assertEquals(ds[k], dv[k], 1e-5f * (1 + Math.abs(ds[k])), "backprop row " + k + ", out=" + out);
            }
        }
    }

    @Test
    @DisplayName("vector and plain Adam and SGD updates are bit-identical and consume the gradients")
    void optimizersAreBitIdentical() {
        int n = 1000 + 13;
        float[] w = randomArray(n, 1f);
        float[] m = randomArray(n, 0.01f);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextDouble() * 1e-4);
        // Some moments deep in the subnormal danger zone: both versions must flush them alike.
        for (int i = 0; i < n; i += 7) { m[i] = 1e-33f; v[i] = 1e-35f; }
        float[][] gradsS = {randomArray(n, 1f), randomArray(n, 1f)};
        float[][] gradsV = {gradsS[0].clone(), gradsS[1].clone()};
        float[] ws = w.clone(), ms = m.clone(), vs = v.clone();
        float[] wv = w.clone(), mv = m.clone(), vv = v.clone();
        ScalarKernels.foldGradients(gradsS, 0, n);
        ScalarKernels.adam(ws, ms, vs, gradsS[0], 0, n, 1f / 64, 0.9f, 0.999f, 1e-3f, 1e-8f);
        VectorKernels.foldGradients(gradsV, 0, n);
        VectorKernels.adam(wv, mv, vv, gradsV[0], 0, n, 1f / 64, 0.9f, 0.999f, 1e-3f, 1e-8f);
        assertArrayEquals(ws, wv);
        assertArrayEquals(ms, mv);
        assertArrayEquals(vs, vv);
        assertArrayEquals(new float[n], gradsV[0]);
        assertArrayEquals(new float[n], gradsV[1]);
        assertArrayEquals(new float[n], gradsS[1]);

        float[] gS = randomArray(n, 1f);
        float[] gV = gS.clone();
        float[] velS = randomArray(n, 0.1f);
        float[] velV = velS.clone();
        ScalarKernels.sgdMomentum(ws, velS, gS, 0, n, 0.5f, 0.9f, 0.05f);
        VectorKernels.sgdMomentum(wv, velV, gV, 0, n, 0.5f, 0.9f, 0.05f);
        assertArrayEquals(ws, wv);
        assertArrayEquals(velS, velV);
    }

    @Test
    @DisplayName("the largest value (or 0) agrees between vector and plain kernels, at every length around the vector width")
    void maxOrZeroAgrees() {
        for (int n = 0; n <= 3 * VectorKernels.L + 1; n++) {
            float[] a = randomArray(n + Kernels.PAD, 2f);
            assertEquals(ScalarKernels.maxOrZero(a, n), VectorKernels.maxOrZero(a, n), "length " + n);
            float[] negative = new float[n + Kernels.PAD];
            java.util.Arrays.fill(negative, -1f);
            assertEquals(0f, VectorKernels.maxOrZero(negative, n));
            if (n > 0) {
                negative[n - 1] = 0.25f;
                assertEquals(0.25f, VectorKernels.maxOrZero(negative, n), "the last one, in the tail or not");
            }
        }
    }

    @Test
    @DisplayName("scaled rounding: bit-identical between vector and plain kernels; negatives to 0, ties to even, 0..255 in the low byte")
    void roundScaledAgrees() {
        int n = 5 * VectorKernels.L + 3;
        float[] a = randomArray(n + Kernels.PAD, 3f);
        int[] s = new int[n];
        int[] v = new int[n];
        ScalarKernels.roundScaled(a, n, 255f / 3f, s);
        VectorKernels.roundScaled(a, n, 255f / 3f, v);
        assertArrayEquals(s, v);
        for (int i = 0; i < n; i++) {
            int expected = (int) Math.rint(Math.max(a[i], 0f) * (double) (255f / 3f));
            assertEquals(expected, s[i] & 0xff, 1, "value " + a[i]);
        }
        // Two vectors' worth and a tail, so that the vector lanes and the plain tail both meet every case.
        float[] cases = {0.5f, 1.5f, 2.5f, 76.5f, 254.5f, 255f, -3f, 0f};
        int[] want = {0, 2, 2, 76, 254, 255, 0, 0};
        int m = 2 * VectorKernels.L + cases.length;
        float[] ties = new float[m];
        int[] out = new int[m];
        for (int i = 0; i < m; i++) ties[i] = cases[i % cases.length];
        for (boolean vector : new boolean[] {false, true}) {
            if (vector) VectorKernels.roundScaled(ties, m, 1f, out);
            else ScalarKernels.roundScaled(ties, m, 1f, out);
            for (int i = 0; i < m; i++) assertEquals(want[i % cases.length], out[i] & 0xff, (vector ? "vector " : "plain ") + ties[i]);
        }
    }

    private float[] randomArray(int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        return a;
    }
}
