package dev.livedigits.nn;

/**
 * Plain-Java reference versions of the convolution and pooling loops: what runs without the
 * {@code jdk.incubator.vector} module, for channel counts the vector kernels do not take, and what
 * the tests compare the vector kernels against. Layouts are described in {@link ConvKernels}.
 */
final class ScalarConvKernels {
    private ScalarConvKernels() {}

    static void forward(float[] in, ConvPlan plan, float[] w, int wOff, float[] bias, int bOff, int cout,
                        float floor, float[] out) {
        int h = plan.h, width = plan.width, cin = plan.cin, k = plan.k;
        int inW = width + k - 1;
        int row = k * cin;
        // The output channels innermost, each pixel's cout sums kept in out[o..o+cout): a weight row
        // W[ky][kx][in][*] is contiguous, and the sums are independent, so the loop is not one chain of
        // dependent fma's (4 cycles each) and C2 can vectorize it. Every sum takes the same terms in the
        // same order as one sum at a time did, so the results are bit for bit the same. Measured without the
        // Vector API module (bench activations, the shipped CNN): normalize + forward 2,141 µs before.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * cout;
                System.arraycopy(bias, bOff, out, o, cout);
                for (int ky = 0; ky < k; ky++) {
                    int ib = ((y + ky) * inW + x) * cin;
                    int wb = wOff + ky * row * cout;
                    for (int t = 0; t < row; t++) {
                        float v = in[ib + t];
                        int wt = wb + t * cout;
                        for (int co = 0; co < cout; co++) {
                            out[o + co] = Math.fma(v, w[wt + co], out[o + co]);
                        }
                    }
                }
                for (int co = 0; co < cout; co++) out[o + co] = Math.max(out[o + co], floor);
            }
        }
    }

    static void weightGradient(float[] in, ConvPlan plan, float[] dz, int cout, float[] g, int wOff, int bOff) {
        int h = plan.h, width = plan.width, cin = plan.cin, k = plan.k;
        int inW = width + k - 1;
        int row = k * cin;
        for (int ky = 0; ky < k; ky++) {
            for (int t = 0; t < row; t++) {
                int gb = wOff + (ky * row + t) * cout;
                for (int co = 0; co < cout; co++) {
                    float s = 0f;
                    for (int y = 0; y < h; y++) {
                        int ib = ((y + ky) * inW) * cin + t;
                        int db = y * width * cout + co;
                        for (int x = 0; x < width; x++) {
                            s = Math.fma(in[ib + x * cin], dz[db + x * cout], s);
                        }
                    }
                    g[gb + co] += s;
                }
            }
        }
        for (int co = 0; co < cout; co++) {
            float s = 0f;
            for (int p = 0; p < h * width; p++) s += dz[p * cout + co];
            g[bOff + co] += s;
        }
    }

    static void maxPool(float[] in, int h, int width, int c, float[] out) {
        int oh = h / 2;
        int ow = width / 2;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int i00 = ((2 * oy) * width + 2 * ox) * c;
                int i10 = i00 + width * c;
                int o = (oy * ow + ox) * c;
                for (int ch = 0; ch < c; ch++) {
                    out[o + ch] = Math.max(Math.max(in[i00 + ch], in[i00 + c + ch]), Math.max(in[i10 + ch], in[i10 + c + ch]));
                }
            }
        }
    }

    static void maxPoolBackward(float[] in, float[] out, float[] dOut, int h, int width, int c, float[] dIn) {
        java.util.Arrays.fill(dIn, 0, h * width * c, 0f);
        int oh = h / 2;
        int ow = width / 2;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int i00 = ((2 * oy) * width + 2 * ox) * c;
                int i10 = i00 + width * c;
                int o = (oy * ow + ox) * c;
                for (int ch = 0; ch < c; ch++) {
                    float m = out[o + ch];
                    if (!(m > 0f)) continue;
                    float d = dOut[o + ch];
                    if (in[i00 + ch] == m) dIn[i00 + ch] = d;
                    else if (in[i00 + c + ch] == m) dIn[i00 + c + ch] = d;
                    else if (in[i10 + ch] == m) dIn[i10 + ch] = d;
                    else dIn[i10 + c + ch] = d;
                }
            }
        }
    }
}
