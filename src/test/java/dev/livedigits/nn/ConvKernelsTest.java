package dev.livedigits.nn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConvKernelsTest {
    private final SplittableRandom random = new SplittableRandom(41);

    @ParameterizedTest(name = "{0}x{1}, {2} -> {3} channels, kernel {4}")
    @CsvSource({"28,28,1,16,3", "14,14,16,32,3", "7,7,32,64,3", "14,14,32,16,3", "9,6,3,48,5", "5,5,16,16,1", "3,9,1,32,7"})
    @DisplayName("vector and plain convolution, weight gradient and pooling agree")
    void vectorMatchesPlain(int h, int w, int cin, int cout, int k) {
        ConvPlan plan = new ConvPlan(h, w, cin, k);
        float[] in = randomArray((h + k - 1) * (w + k - 1) * cin + Kernels.PAD);
        float[] weights = randomArray(k * k * cin * cout + cout + Kernels.PAD);
        int bOff = k * k * cin * cout;
        float[] outS = new float[h * w * cout + Kernels.PAD];
        float[] outV = new float[h * w * cout + Kernels.PAD];
        for (float floor : new float[] {ConvKernels.RELU, ConvKernels.LINEAR}) {
            ScalarConvKernels.forward(in, plan, weights, 0, weights, bOff, cout, floor, outS);
            VectorConvKernels.forward(in, plan, weights, 0, weights, bOff, cout, floor, outV);
            assertClose(outS, outV, h * w * cout, "forward, floor " + floor);
        }

        float[] dz = randomArray(h * w * cout + Kernels.PAD);
        float[] gS = randomArray(weights.length);
        float[] gV = gS.clone();
        ScalarConvKernels.weightGradient(in, plan, dz, cout, gS, 0, bOff);
        VectorConvKernels.weightGradient(in, plan, dz, cout, gV, 0, bOff);
        assertClose(gS, gV, bOff + cout, "weight gradient");
        assertArrayEquals(Arrays.copyOfRange(gS, bOff + cout, gS.length), Arrays.copyOfRange(gV, bOff + cout, gV.length),
                "nothing written past the parameters");

        // Pooling on ReLU outputs, with ties planted: equal neighbours and zeros.
        float[] act = new float[h * w * cout + Kernels.PAD];
        for (int i = 0; i < h * w * cout; i++) act[i] = random.nextInt(4) == 0 ? 0f : random.nextInt(3);
        float[] pS = new float[(h / 2) * (w / 2) * cout + Kernels.PAD];
        float[] pV = pS.clone();
        ScalarConvKernels.maxPool(act, h, w, cout, pS);
        VectorConvKernels.maxPool(act, h, w, cout, pV);
        assertArrayEquals(pS, pV, "max pool");
        float[] dOut = randomArray(pS.length);
        float[] dS = new float[act.length];
        float[] dV = new float[act.length];
        ScalarConvKernels.maxPoolBackward(act, pS, dOut, h, w, cout, dS);
        VectorConvKernels.maxPoolBackward(act, pV, dOut, h, w, cout, dV);
        assertArrayEquals(dS, dV, "max pool backward");
    }

    private void assertClose(float[] expected, float[] actual, int n, String what) {
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }

    private float[] randomArray(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (random.nextDouble() * 2 - 1);
        return a;
    }
}
