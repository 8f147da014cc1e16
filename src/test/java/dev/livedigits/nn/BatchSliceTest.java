package dev.livedigits.nn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchSliceTest {

    /**
     * The shipped CNN (its first dense layer has 1,568 inputs, so the row blocks really split it),
     * an MLP whose first layer reads the pixels, and a CNN with dense layers of odd widths.
     */
    @ParameterizedTest(name = "{0}, {1} samples, dropout {2}, smoothing {3}")
    @CsvSource(delimiter = ';', value = {
            "conv3x3-16 pool conv3x3-32 pool dense128 dense10; 9; 0; 0",
            "conv3x3-16 pool conv3x3-32 pool dense128 dense10; 1; 0; 0",
            "dense256 dense128 dense10; 12; 0; 0",
            "conv3x3-16 pool dense33 dense7 dense10; 5; 0.3; 0.1",
    })
    @DisplayName("a batch slice gives the bit-identical gradient, loss and hits of its samples one at a time")
    void sliceEqualsSamplesOneAtATime(String layers, int count, float dropoutRate, float smoothing) {
        Architecture arch = Architecture.parse(TrainingConfig.INPUT, layers);
        Network network = Network.heInitialized(arch, 21);
        SplittableRandom random = new SplittableRandom(3);
        byte[] images = new byte[count * 784];
        int[] labels = new int[count];
        int[] ids = new int[count];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < 784; k++) if (random.nextInt(4) == 0) images[s * 784 + k] = (byte) random.nextInt(256);
            labels[s] = random.nextInt(10);
            ids[s] = 1000 + 17 * s;
        }
        int epoch = 4;
        long seed = 77;

        float[] expected = new float[arch.parameterCount() + Kernels.PAD];
        ForwardPass pass = new ForwardPass();
        BackwardPass backward = new BackwardPass(pass);
        Dropout dropout = dropoutRate > 0f ? new Dropout(dropoutRate) : null;
        double loss = 0;
        long hits = 0;
        for (int s = 0; s < count; s++) {
            if (dropout != null) dropout.reseed(seed, epoch, ids[s]);
            pass.begin(network, images, s * 784, dropout);
            for (int l = 0; l < arch.layerCount(); l++) pass.forwardLayer(network.paddedParameters(), l);
            float[] p = pass.finish();
            loss += pass.loss(labels[s]);
            if (Softmax.argmax(p, 10) == labels[s]) hits++;
            backward.accumulate(network, labels[s], smoothing, expected);
        }

        float[] actual = new float[arch.parameterCount() + Kernels.PAD];
        BatchSlice slice = new BatchSlice(16, seed, dropoutRate, smoothing);
        slice.train(network, images, labels, ids, count, epoch, actual);

        assertArrayEquals(expected, actual);
        assertEquals(loss, slice.lossSum());
        assertEquals(hits, slice.correct());
    }
}
