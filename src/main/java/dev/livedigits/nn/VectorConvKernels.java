package dev.livedigits.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution and pooling with {@code jdk.incubator.vector}; only loaded when that module is present,
 * and only called when the output channels are a multiple of the vector length.
 *
 * <p>Why this shape (shared/perf-notes.md): a convolution is a matrix product in disguise (im2col),
 * and what makes a product fast is keeping a block of outputs in registers across the whole
 * reduction. In the forward pass a block is four pixels × two vectors of output channels (eight
 * accumulators): per tap and input channel two weight loads and four broadcasts feed eight FMAs,
 * and nothing is stored until the block is done; a last single vector of channels takes eight
 * pixels at a time. In the weight gradient the roles
 * turn: four (tap, channel) pairs × two vectors of output channels, reduced over every pixel.
 * Channels-last activations keep the weight rows contiguous, and the padded input means no branch
 * at the borders. Nothing is materialized, so nothing is allocated.
 *
 * <p>What C2 (JDK 17) needs to keep the accumulators in registers, each found by measuring
 * allocation per call: one block per method, a single loop per block (over a {@link ConvPlan}
 * table; see there), and no vector that merges two control paths (so the bias always comes from an
 * array and the activation is a {@code max} with a floor of 0 or -∞, never "ReLU or not").
 */
final class VectorConvKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorConvKernels() {}

    static void forward(float[] in, ConvPlan plan, float[] w, int wOff, float[] bias, int bOff, int cout,
                        float floor, float[] out) {
        int[] taps = plan.taps;
        int n = taps.length;
        int[] px = plan.pixels;
        int total = px.length;
        int pairs = cout - cout % (2 * L);
        // Blocks run over the pixels in row-major order, across row ends (each pixel's window has its own
        // base in the table): a 14-wide row would otherwise leave two pixels to a kernel a third as fast.
        for (int p = 0; p < total; ) {
            int o = p * cout;
            boolean four = p + 4 <= total;
            for (int co = 0; co < pairs; co += 2 * L) {
                if (four) forward4x2(in, px, p, taps, n, w, wOff + co, cout, bias, bOff + co, floor, out, o + co);
                else forward1x2(in, px[p], taps, n, w, wOff + co, cout, bias, bOff + co, floor, out, o + co);
            }
            p += four ? 4 : 1;
        }
        if (pairs == cout) return;
        // One vector of output channels left (e.g. 16 channels with 16 lanes): eight pixels keep as many
        // accumulators busy as the paired block does.
        for (int p = 0; p < total; ) {
            int o = p * cout + pairs;
            if (p + 8 <= total) {
                forward8x1(in, px, p, taps, n, w, wOff + pairs, cout, bias, bOff + pairs, floor, out, o);
                p += 8;
            } else {
                forward1x1(in, px[p], taps, n, w, wOff + pairs, cout, bias, bOff + pairs, floor, out, o);
                p++;
            }
        }
    }

    /** Pixels {@code px[p..p+3]} × output channels {@code [w0, w0+2L)} of the weight rows. */
    private static void forward4x2(float[] in, int[] px, int p, int[] taps, int n, float[] w, int w0, int cout,
                                   float[] bias, int b, float floor, float[] out, int o) {
        int i0 = px[p], i1 = px[p + 1], i2 = px[p + 2], i3 = px[p + 3];
        FloatVector a00 = FloatVector.fromArray(S, bias, b);
        FloatVector a01 = FloatVector.fromArray(S, bias, b + L);
        FloatVector a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;
        for (int j = 0; j < n; j++) {
            int t = taps[j];
            int r = w0 + j * cout;
            FloatVector w0v = FloatVector.fromArray(S, w, r);
            FloatVector w1v = FloatVector.fromArray(S, w, r + L);
            FloatVector b0 = FloatVector.broadcast(S, in[i0 + t]);
            FloatVector b1 = FloatVector.broadcast(S, in[i1 + t]);
            FloatVector b2 = FloatVector.broadcast(S, in[i2 + t]);
            FloatVector b3 = FloatVector.broadcast(S, in[i3 + t]);
            a00 = w0v.fma(b0, a00);
            a01 = w1v.fma(b0, a01);
            a10 = w0v.fma(b1, a10);
            a11 = w1v.fma(b1, a11);
            a20 = w0v.fma(b2, a20);
            a21 = w1v.fma(b2, a21);
            a30 = w0v.fma(b3, a30);
            a31 = w1v.fma(b3, a31);
        }
        a00.max(floor).intoArray(out, o);
        a01.max(floor).intoArray(out, o + L);
        a10.max(floor).intoArray(out, o + cout);
        a11.max(floor).intoArray(out, o + cout + L);
        a20.max(floor).intoArray(out, o + 2 * cout);
        a21.max(floor).intoArray(out, o + 2 * cout + L);
        a30.max(floor).intoArray(out, o + 3 * cout);
        a31.max(floor).intoArray(out, o + 3 * cout + L);
    }

    private static void forward1x2(float[] in, int ib, int[] taps, int n, float[] w, int w0, int cout,
                                   float[] bias, int b, float floor, float[] out, int o) {
        FloatVector a0 = FloatVector.fromArray(S, bias, b);
        FloatVector a1 = FloatVector.fromArray(S, bias, b + L);
        for (int j = 0; j < n; j++) {
            FloatVector x = FloatVector.broadcast(S, in[ib + taps[j]]);
            int r = w0 + j * cout;
            a0 = FloatVector.fromArray(S, w, r).fma(x, a0);
            a1 = FloatVector.fromArray(S, w, r + L).fma(x, a1);
        }
        a0.max(floor).intoArray(out, o);
        a1.max(floor).intoArray(out, o + L);
    }

    /** Pixels {@code px[p..p+7]} × one vector of output channels. */
    private static void forward8x1(float[] in, int[] px, int p, int[] taps, int n, float[] w, int w0, int cout,
                                   float[] bias, int b, float floor, float[] out, int o) {
        int i0 = px[p], i1 = px[p + 1], i2 = px[p + 2], i3 = px[p + 3];
        int i4 = px[p + 4], i5 = px[p + 5], i6 = px[p + 6], i7 = px[p + 7];
        FloatVector a0 = FloatVector.fromArray(S, bias, b);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int j = 0; j < n; j++) {
            int t = taps[j];
            FloatVector wv = FloatVector.fromArray(S, w, w0 + j * cout);
            a0 = wv.fma(FloatVector.broadcast(S, in[i0 + t]), a0);
            a1 = wv.fma(FloatVector.broadcast(S, in[i1 + t]), a1);
            a2 = wv.fma(FloatVector.broadcast(S, in[i2 + t]), a2);
            a3 = wv.fma(FloatVector.broadcast(S, in[i3 + t]), a3);
            a4 = wv.fma(FloatVector.broadcast(S, in[i4 + t]), a4);
            a5 = wv.fma(FloatVector.broadcast(S, in[i5 + t]), a5);
            a6 = wv.fma(FloatVector.broadcast(S, in[i6 + t]), a6);
            a7 = wv.fma(FloatVector.broadcast(S, in[i7 + t]), a7);
        }
        a0.max(floor).intoArray(out, o);
        a1.max(floor).intoArray(out, o + cout);
        a2.max(floor).intoArray(out, o + 2 * cout);
        a3.max(floor).intoArray(out, o + 3 * cout);
        a4.max(floor).intoArray(out, o + 4 * cout);
        a5.max(floor).intoArray(out, o + 5 * cout);
        a6.max(floor).intoArray(out, o + 6 * cout);
        a7.max(floor).intoArray(out, o + 7 * cout);
    }

    private static void forward1x1(float[] in, int ib, int[] taps, int n, float[] w, int w0, int cout,
                                   float[] bias, int b, float floor, float[] out, int o) {
        FloatVector a0 = FloatVector.fromArray(S, bias, b);
        for (int j = 0; j < n; j++) {
            a0 = FloatVector.fromArray(S, w, w0 + j * cout).fma(FloatVector.broadcast(S, in[ib + taps[j]]), a0);
        }
        a0.max(floor).intoArray(out, o);
    }

    static void weightGradient(float[] in, ConvPlan plan, float[] dz, int cout, float[] g, int wOff, int bOff) {
        int[] taps = plan.taps;
        int n = taps.length;
        int[] pixels = plan.pixels;
        for (int j = 0; j < n; ) {
            int gb = wOff + j * cout;
            boolean four = j + 4 <= n;
            int co = 0;
            for (; co + 2 * L <= cout; co += 2 * L) {
                if (four) gradient4x2(in, pixels, taps[j], taps[j + 1], taps[j + 2], taps[j + 3], dz, cout, co, g, gb + co);
                else gradient1x2(in, pixels, taps[j], dz, cout, co, g, gb + co);
            }
            for (; co < cout; co += L) {
                if (four) gradient4x1(in, pixels, taps[j], taps[j + 1], taps[j + 2], taps[j + 3], dz, cout, co, g, gb + co);
                else gradient1x1(in, pixels, taps[j], dz, cout, co, g, gb + co);
            }
            j += four ? 4 : 1;
        }
        for (int co = 0; co < cout; co += L) biasGradient(dz, pixels.length, cout, co, g, bOff + co);
    }

    /** Reduction entries with input offsets {@code t0..t3} × output channels {@code [co, co+2L)}, over every pixel. */
    private static void gradient4x2(float[] in, int[] pixels, int t0, int t1, int t2, int t3, float[] dz, int cout, int co,
                                    float[] g, int gb) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int p = 0; p < pixels.length; p++) {
            int i = pixels[p];
            int d = p * cout + co;
            FloatVector d0 = FloatVector.fromArray(S, dz, d);
            FloatVector d1 = FloatVector.fromArray(S, dz, d + L);
            FloatVector b0 = FloatVector.broadcast(S, in[i + t0]);
            FloatVector b1 = FloatVector.broadcast(S, in[i + t1]);
            FloatVector b2 = FloatVector.broadcast(S, in[i + t2]);
            FloatVector b3 = FloatVector.broadcast(S, in[i + t3]);
            a00 = d0.fma(b0, a00);
            a01 = d1.fma(b0, a01);
            a10 = d0.fma(b1, a10);
            a11 = d1.fma(b1, a11);
            a20 = d0.fma(b2, a20);
            a21 = d1.fma(b2, a21);
            a30 = d0.fma(b3, a30);
            a31 = d1.fma(b3, a31);
        }
        addInto(g, gb, a00);
        addInto(g, gb + L, a01);
        addInto(g, gb + cout, a10);
        addInto(g, gb + cout + L, a11);
        addInto(g, gb + 2 * cout, a20);
        addInto(g, gb + 2 * cout + L, a21);
        addInto(g, gb + 3 * cout, a30);
        addInto(g, gb + 3 * cout + L, a31);
    }

    private static void gradient1x2(float[] in, int[] pixels, int t0, float[] dz, int cout, int co, float[] g, int gb) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0;
        for (int p = 0; p < pixels.length; p++) {
            FloatVector b = FloatVector.broadcast(S, in[pixels[p] + t0]);
            int d = p * cout + co;
            a0 = FloatVector.fromArray(S, dz, d).fma(b, a0);
            a1 = FloatVector.fromArray(S, dz, d + L).fma(b, a1);
        }
        addInto(g, gb, a0);
        addInto(g, gb + L, a1);
    }

    private static void gradient4x1(float[] in, int[] pixels, int t0, int t1, int t2, int t3, float[] dz, int cout, int co,
                                    float[] g, int gb) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int p = 0; p < pixels.length; p++) {
            int i = pixels[p];
            FloatVector d0 = FloatVector.fromArray(S, dz, p * cout + co);
            a0 = d0.fma(FloatVector.broadcast(S, in[i + t0]), a0);
            a1 = d0.fma(FloatVector.broadcast(S, in[i + t1]), a1);
            a2 = d0.fma(FloatVector.broadcast(S, in[i + t2]), a2);
            a3 = d0.fma(FloatVector.broadcast(S, in[i + t3]), a3);
        }
        addInto(g, gb, a0);
        addInto(g, gb + cout, a1);
        addInto(g, gb + 2 * cout, a2);
        addInto(g, gb + 3 * cout, a3);
    }

    private static void gradient1x1(float[] in, int[] pixels, int t0, float[] dz, int cout, int co, float[] g, int gb) {
        FloatVector a0 = FloatVector.zero(S);
        for (int p = 0; p < pixels.length; p++) {
            a0 = FloatVector.fromArray(S, dz, p * cout + co).fma(FloatVector.broadcast(S, in[pixels[p] + t0]), a0);
        }
        addInto(g, gb, a0);
    }

    private static void biasGradient(float[] dz, int pixels, int cout, int co, float[] g, int gb) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < pixels; p++) s = s.add(FloatVector.fromArray(S, dz, p * cout + co));
        addInto(g, gb, s);
    }

    private static void addInto(float[] g, int at, FloatVector v) {
        FloatVector.fromArray(S, g, at).add(v).intoArray(g, at);
    }

    static void maxPool(float[] in, int h, int width, int c, float[] out) {
        int oh = h / 2;
        int ow = width / 2;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int i00 = ((2 * oy) * width + 2 * ox) * c;
                int i10 = i00 + width * c;
                int o = (oy * ow + ox) * c;
                for (int ch = 0; ch < c; ch += L) maxOfFour(in, i00 + ch, c, i10 + ch, out, o + ch);
            }
        }
    }

    private static void maxOfFour(float[] in, int i00, int c, int i10, float[] out, int o) {
        FloatVector m0 = FloatVector.fromArray(S, in, i00).max(FloatVector.fromArray(S, in, i00 + c));
        FloatVector m1 = FloatVector.fromArray(S, in, i10).max(FloatVector.fromArray(S, in, i10 + c));
        m0.max(m1).intoArray(out, o);
    }

    /** The gradient goes to the first input (row-major in the window) equal to the max, and only where it is positive. */
    static void maxPoolBackward(float[] in, float[] out, float[] dOut, int h, int width, int c, float[] dIn) {
        java.util.Arrays.fill(dIn, 0, h * width * c, 0f);
        int oh = h / 2;
        int ow = width / 2;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int i00 = ((2 * oy) * width + 2 * ox) * c;
                int i10 = i00 + width * c;
                int o = (oy * ow + ox) * c;
                for (int ch = 0; ch < c; ch += L) routeMax(in, i00 + ch, c, i10 + ch, out, dOut, o + ch, dIn);
            }
        }
    }

    private static void routeMax(float[] in, int i00, int c, int i10, float[] out, float[] dOut, int o, float[] dIn) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector m = FloatVector.fromArray(S, out, o);
        FloatVector d = FloatVector.fromArray(S, dOut, o).blend(zero, m.compare(VectorOperators.LE, 0f));
        VectorMask<Float> e00 = FloatVector.fromArray(S, in, i00).eq(m);
        VectorMask<Float> e01 = FloatVector.fromArray(S, in, i00 + c).eq(m).andNot(e00);
        VectorMask<Float> taken = e00.or(e01);
        VectorMask<Float> e10 = FloatVector.fromArray(S, in, i10).eq(m).andNot(taken);
        VectorMask<Float> e11 = taken.or(e10).not();
        zero.blend(d, e00).intoArray(dIn, i00);
        zero.blend(d, e01).intoArray(dIn, i00 + c);
        zero.blend(d, e10).intoArray(dIn, i10);
        zero.blend(d, e11).intoArray(dIn, i10 + c);
    }
}
