package dev.livedigits.nn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckTest {

    @ParameterizedTest(name = "layers {0}")
    @ValueSource(strings = {"12-4", "12-9-4", "12-9-7-4", "20-33-17-5-10"})
    @DisplayName("every parameter's gradient matches central finite differences of the loss")
    void gradientsMatchFiniteDifferences(String shape) {
        Layout layout = new Layout(Arrays.stream(shape.split("-")).mapToInt(Integer::parseInt).toArray());
        SplittableRandom random = new SplittableRandom(7);
        Network network = Network.heInitialized(layout, 3);
        float[] params = network.parameters();
        for (int l = 0; l < layout.layerCount(); l++) {
            for (int j = 0; j < layout.out(l); j++) params[layout.biasOffset(l) + j] = (float) (random.nextDouble() * 0.2 - 0.1);
        }
        network = Network.of(layout, params);
        ForwardPass pass = new ForwardPass();
        double[] p = ReferenceNetwork.toDouble(params);
        for (int sample = 0; sample < 4; sample++) {
            float[] x = new float[layout.inputSize()];
            // A third of the inputs stay exactly zero, like the background of a digit.
            for (int k = 0; k < x.length; k++) x[k] = random.nextInt(3) == 0 ? 0f : (float) random.nextDouble();
            int label = random.nextInt(layout.outputSize());
            float[] grad = new float[layout.parameterCount() + Kernels.PAD];
            pass.run(network, x);
            pass.backward(network, label, grad);

            double[] xd = ReferenceNetwork.toDouble(x);
            double eps = 1e-6;
            int checked = 0;
            for (int i = 0; i < layout.parameterCount(); i++) {
                double saved = p[i];
                p[i] = saved + eps;
                double up = ReferenceNetwork.loss(layout, p, xd, label);
                p[i] = saved - eps;
                double down = ReferenceNetwork.loss(layout, p, xd, label);
                p[i] = saved;
                double numeric = (up - down) / (2 * eps);
                double tolerance = 1e-4 + 1e-3 * Math.abs(numeric);
                assertEquals(numeric, grad[i], tolerance, "parameter " + i + " of " + layout + ", sample " + sample);
                checked++;
            }
            assertEquals(layout.parameterCount(), checked);
        }
    }

    @org.junit.jupiter.api.Test
    @DisplayName("the forward pass agrees with a naive double-precision reference")
    void forwardMatchesReference() {
        Layout layout = new Layout(784, 64, 32, 10);
        Network network = Network.heInitialized(layout, 11);
        SplittableRandom random = new SplittableRandom(5);
        ForwardPass pass = new ForwardPass();
        for (int s = 0; s < 20; s++) {
            byte[] image = new byte[784];
            for (int k = 0; k < 784; k++) if (random.nextInt(5) == 0) image[k] = (byte) random.nextInt(256);
            float[] probs = pass.run(network, image, 0);
            double[] x = new double[784];
            for (int k = 0; k < 784; k++) x[k] = (image[k] & 0xff) / 255.0;
            double[] z = ReferenceNetwork.logits(layout, ReferenceNetwork.toDouble(network.parameters()), x);
            double max = Arrays.stream(z).max().orElseThrow();
            double sum = Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
            double total = 0;
            for (int j = 0; j < 10; j++) {
                assertEquals(Math.exp(z[j] - max) / sum, probs[j], 1e-5, "class " + j);
                total += probs[j];
            }
            assertEquals(1.0, total, 1e-5);
            assertTrue(pass.loss(3) >= 0);
        }
    }
}
