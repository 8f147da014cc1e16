package dev.livedigits.nn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckTest {

    @ParameterizedTest(name = "layers {0}")
    @ValueSource(strings = {"12-4", "12-9-4", "12-9-7-4", "20-33-17-5-10"})
    @DisplayName("MLP: every parameter's gradient matches central finite differences of the loss")
    void mlpGradientsMatchFiniteDifferences(String shape) {
        Architecture arch = Architecture.mlp(Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray());
        checkEveryParameter(arch, 4);
    }

    /**
     * Small images so that every parameter can be checked: the borders matter (a 3×3 kernel on a 6×6
     * input has a padded border on every side of 20 of its 36 outputs), C_in > 1, channel counts that
     * take the vector kernels (16, 32) and ones that do not (3, 5), odd sizes that pooling truncates.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} {3}")
    @CsvSource(delimiter = ';', value = {
            "1; 6; 6; conv3x3-3 pool dense4",
            "2; 6; 6; conv3x3-5 pool dense6 dense3",
            "1; 8; 8; conv3x3-16 pool conv3x3-32 pool dense10",
            "3; 7; 5; conv5x5-4 conv3x3-16 pool dense5",
            "1; 6; 6; conv1x1-16 conv3x3-16 pool pool dense4",
    })
    @DisplayName("CNN: every parameter's gradient matches central finite differences of the loss")
    void cnnGradientsMatchFiniteDifferences(int channels, int height, int width, String layers) {
        checkEveryParameter(Architecture.parse(new Shape(channels, height, width), layers), 3);
    }

    @Test
    @DisplayName("a pooling tie sends the whole gradient to one input, the first in the window")
    void poolingTiesRouteToTheFirstMaximum() {
        // One channel, 2×4 input → 1×2 output: window 1 is a four-way tie, window 2 a tie of two.
        float[] input = {5, 5, 3, 7, 5, 5, 7, 1};
        float[] out = new float[2 + Kernels.PAD];
        ScalarConvKernels.maxPool(input, 2, 4, 1, out);
        float[] dIn = new float[8];
        ScalarConvKernels.maxPoolBackward(input, out, new float[] {1.5f, 2.5f}, 2, 4, 1, dIn);
        assertEquals(Arrays.toString(new float[] {1.5f, 0, 0, 2.5f, 0, 0, 0, 0}), Arrays.toString(dIn));
        // And through a whole network: with all-equal inputs every window ties, and the backward pass
        // still gives a finite, non-zero gradient (one input per window takes it).
        Architecture arch = Architecture.parse(new Shape(1, 4, 4), "conv1x1-16 pool dense3");
        Network network = Network.heInitialized(arch, 5);
        float[] flat = new float[16];
        Arrays.fill(flat, 0.5f);
        ForwardPass pass = new ForwardPass();
        BackwardPass backward = new BackwardPass(pass);
        float[] grad = new float[arch.parameterCount() + Kernels.PAD];
        pass.run(network, flat);
        backward.accumulate(network, 1, grad);
        double total = 0;
        for (int i = 0; i < arch.parameterCount(); i++) total += Math.abs(grad[i]);
        assertTrue(total > 0 && Double.isFinite(total));
    }

    @ParameterizedTest(name = "{0}, dropout {1}, label smoothing {2}")
    @CsvSource(delimiter = ';', value = {
            "conv3x3-16 pool dense12 dense4; 0.5; 0",
            "conv3x3-5 pool dense6 dense7 dense3; 0.3; 0.1",
            "conv3x3-16 pool dense10; 0; 0.2",
    })
    @DisplayName("dropout (a fixed mask, scaled) and label smoothing: gradients match finite differences")
    void regularizedGradientsMatchFiniteDifferences(String layers, float dropout, float smoothing) {
        checkEveryParameter(Architecture.parse(new Shape(2, 6, 6), layers), 3, dropout, smoothing);
    }

    private static void checkEveryParameter(Architecture arch, int samples) {
        checkEveryParameter(arch, samples, 0f, 0f);
    }

    private static void checkEveryParameter(Architecture arch, int samples, float dropoutRate, float smoothing) {
        SplittableRandom random = new SplittableRandom(7);
        float[] params = Network.heInitialized(arch, 3).parameters();
        for (int l = 0; l < arch.layerCount(); l++) {
            if (arch.biasOffset(l) < 0) continue;
            // Biases mostly positive so that ReLUs are alive and the check sees real gradients.
            for (int j = 0; j < arch.out(l).channels(); j++) params[arch.biasOffset(l) + j] = (float) (random.nextDouble() * 0.2 - 0.05);
        }
        Network network = Network.of(arch, params);
        ForwardPass pass = new ForwardPass();
        BackwardPass backward = new BackwardPass(pass);
        double[] p = ReferenceNetwork.toDouble(params);
        int nonZero = 0;
        for (int sample = 0; sample < samples; sample++) {
            float[] x = new float[arch.inputSize()];
            // A third of the inputs stay exactly zero, like the background of a digit.
            for (int k = 0; k < x.length; k++) x[k] = random.nextInt(3) == 0 ? 0f : (float) random.nextDouble();
            int label = random.nextInt(arch.outputSize());
            float[] grad = new float[arch.parameterCount() + Kernels.PAD];
            double[][] masks = null;
            if (dropoutRate > 0f) {
                Dropout dropout = new Dropout(dropoutRate);
                dropout.reseed(9, 1, sample);
                byte[] image = new byte[arch.inputSize()];
                for (int k = 0; k < x.length; k++) {
                    image[k] = (byte) Math.round(x[k] * 255);
                    x[k] = (image[k] & 0xff) / 255f;
                }
                pass.begin(network, image, 0, dropout);
                for (int l = 0; l < arch.layerCount(); l++) pass.forwardLayer(network.paddedParameters(), l);
                pass.finish();
                masks = keptInputs(arch, pass, dropout.scale());
            } else {
                pass.run(network, x);
            }
            backward.accumulate(network, label, smoothing, grad);

            double[] xd = ReferenceNetwork.toDouble(x);
            double eps = 1e-6;
            for (int i = 0; i < arch.parameterCount(); i++) {
                double saved = p[i];
                p[i] = saved + eps;
                double up = ReferenceNetwork.loss(arch, p, xd, label, smoothing, masks);
                p[i] = saved - eps;
                double down = ReferenceNetwork.loss(arch, p, xd, label, smoothing, masks);
                p[i] = saved;
                double numeric = (up - down) / (2 * eps);
                double tolerance = 1e-4 + 1e-3 * Math.abs(numeric);
                assertEquals(numeric, grad[i], tolerance, "parameter " + i + " of " + arch + ", sample " + sample);
                if (grad[i] != 0f) nonZero++;
            }
            for (int i = arch.parameterCount(); i < grad.length; i++) assertEquals(0f, grad[i], "padding past the parameters");
        }
        assertTrue(nonZero > arch.parameterCount() / (dropoutRate > 0f ? 4 : 2), "most gradients are non-zero: " + nonZero);
    }

    /** What dropout did in the last run: the scale for the inputs each dense layer after the first kept, 0 for the rest. */
    private static double[][] keptInputs(Architecture arch, ForwardPass pass, float scale) {
        double[][] masks = new double[arch.layerCount()][];
        int dropped = 0;
        for (int l = 1; l < arch.layerCount(); l++) {
            if (!(arch.layer(l) instanceof LayerSpec.Dense)) continue;
            masks[l] = new double[arch.in(l).size()];
            for (int k = 0; k < pass.sparseCount(l); k++) masks[l][pass.sparseIndices(l)[k]] = scale;
            float[] below = pass.layerOutput(l - 1);
            for (int i = 0; i < arch.in(l).size(); i++) if (below[i] > 0f && masks[l][i] == 0) dropped++;
        }
        assertTrue(dropped > 0, "dropout dropped some live inputs");
        return masks;
    }

    @Test
    @DisplayName("the forward pass agrees with a naive double-precision reference, MLP and CNN")
    void forwardMatchesReference() {
        for (Architecture arch : new Architecture[] {
                Architecture.mlp(784, 64, 32, 10),
                Architecture.parse(TrainingConfig.INPUT, "conv3x3-16 pool conv3x3-32 pool dense128 dense10"),
                Architecture.parse(TrainingConfig.INPUT, "conv5x5-8 pool conv3x3-12 pool dense10")}) {
            Network network = Network.heInitialized(arch, 11);
            SplittableRandom random = new SplittableRandom(5);
            ForwardPass pass = new ForwardPass();
            for (int s = 0; s < 10; s++) {
                byte[] image = new byte[784];
                for (int k = 0; k < 784; k++) if (random.nextInt(5) == 0) image[k] = (byte) random.nextInt(256);
                float[] probs = pass.run(network, image, 0);
                double[] x = new double[784];
                for (int k = 0; k < 784; k++) x[k] = (image[k] & 0xff) / 255.0;
                double[] z = ReferenceNetwork.logits(arch, ReferenceNetwork.toDouble(network.parameters()), x);
                double max = Arrays.stream(z).max().orElseThrow();
                double sum = Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
                double total = 0;
                for (int j = 0; j < 10; j++) {
                    assertEquals(Math.exp(z[j] - max) / sum, probs[j], 1e-5, arch + " class " + j);
                    total += probs[j];
                }
                assertEquals(1.0, total, 1e-5);
                assertTrue(pass.loss(3) >= 0);
            }
        }
    }
}
