package dev.livedigits.nn;

import dev.livedigits.Allocations;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationSnapshotTest {
    private static final Shape SQUARE_4 = new Shape(1, 4, 4);

    /**
     * 1×1 convolution to two channels over the input 0..15 (row-major 4×4): channel 0 = x,
     * channel 1 = ReLU(4.5 − x). The 2×2 pools of the four quadrants are then channel 0: 5, 7, 13, 15
     * and channel 1: 4.5, 2.5, 0, 0; the layer's max is 15, so ×17: 85, 119, 221, 255 | 76.5→76, 42.5→42, 0, 0
     * (ties to even).
     */
    private static final byte[] CONV1 = bytes(85, 119, 221, 255, 76, 42, 0, 0);

    @Test
    @DisplayName("by hand: a conv map pooled 2x2 here, channel-major, scaled by its max and rounded (ties to even); the dense layer clamped at 0")
    void handComputedWithoutPoolLayer() {
        Architecture a = new Architecture(SQUARE_4, List.of(new LayerSpec.Conv(1, 2), new LayerSpec.Dense(3), new LayerSpec.Dense(2)));
        float[] p = convParameters(a);
        // Zero weights: the hidden layer's pre-ReLU outputs are its biases, -1, 0.5 and 2:
        // clamped 0, 0.5 × 255/2 = 63.75 → 64, 255.
        int b = a.biasOffset(1);
        p[b] = -1f;
        p[b + 1] = 0.5f;
        p[b + 2] = 2f;
        ActivationSnapshot snapshot = capture(Network.of(a, p));

        assertEquals(2, snapshot.layers().size());
        assertEquals(new ActivationSnapshot.Layer("conv1", "conv", 0, new Shape(2, 2, 2), 2), snapshot.layers().get(0));
        assertArrayEquals(CONV1, snapshot.bytes(0));
        assertEquals(15f, snapshot.max(0));
        assertEquals(new ActivationSnapshot.Layer("dense1", "dense", 1, Shape.flat(3), 1), snapshot.layers().get(1));
        assertArrayEquals(bytes(0, 64, 255), snapshot.bytes(1));
        assertEquals(2f, snapshot.max(1));
    }

    @Test
    @DisplayName("by hand: where the network's own 2x2 pool follows the conv, its output gives the same view")
    void handComputedWithPoolLayer() {
        Architecture a = new Architecture(SQUARE_4, List.of(new LayerSpec.Conv(1, 2), new LayerSpec.Pool(), new LayerSpec.Dense(2)));
        ActivationSnapshot snapshot = capture(Network.of(a, convParameters(a)));

        assertEquals(List.of(new ActivationSnapshot.Layer("conv1", "conv", 0, new Shape(2, 2, 2), 2)), snapshot.layers(),
                "no hidden dense layer: the output layer is not shown");
        assertArrayEquals(CONV1, snapshot.bytes(0));
    }

    @Test
    @DisplayName("a layer that is all zero (or negative, or subnormal) quantizes to zeros, not garbage")
    void allZero() {
        byte[] out = new byte[6];
        assertEquals(0f, ActivationSnapshot.quantize(new float[] {0, -1, -2, 0, -0.5f, 0}, 2, 3, new int[6], out));
        assertArrayEquals(new byte[6], out);
        assertEquals(Float.MIN_VALUE, ActivationSnapshot.quantize(new float[] {0, Float.MIN_VALUE}, 1, 2, new int[2], out));
        assertEquals(0, out[1], "a subnormal maximum counts as 0");
    }

    @Test
    @DisplayName("which layers each architecture shows: every conv pooled, the last hidden dense layer, nothing for a bare MLP")
    void layersOfArchitectures() {
        Shape mnist = new Shape(1, 28, 28);
        assertEquals(List.of(new ActivationSnapshot.Layer("conv1", "conv", 0, new Shape(16, 14, 14), 2),
                        new ActivationSnapshot.Layer("conv2", "conv", 2, new Shape(32, 7, 7), 2),
                        new ActivationSnapshot.Layer("dense1", "dense", 4, Shape.flat(128), 1)),
                ActivationSnapshot.layersOf(Architecture.parse(mnist, "conv3x3-16 pool conv3x3-32 pool dense128 dense10")));
        assertEquals(List.of(new ActivationSnapshot.Layer("dense2", "dense", 1, Shape.flat(128), 1)),
                ActivationSnapshot.layersOf(Architecture.mlp(784, 256, 128, 10)));
        assertEquals(List.of(), ActivationSnapshot.layersOf(Architecture.mlp(784, 10)));
        assertEquals(List.of(new ActivationSnapshot.Layer("conv1", "conv", 0, new Shape(4, 14, 14), 2),
                        new ActivationSnapshot.Layer("conv2", "conv", 1, new Shape(8, 14, 14), 2)),
                ActivationSnapshot.layersOf(Architecture.parse(mnist, "conv3x3-4 conv3x3-8 pool dense10")));
    }

    @Test
    @DisplayName("the shipped architecture (random weights, random ink): every view within 1 of the naive reference, no allocation per capture")
    void matchesReferenceWithoutAllocating() {
        SplittableRandom random = new SplittableRandom(7);
        for (String layers : new String[] {"conv3x3-16 pool conv3x3-32 pool dense128 dense10", "conv3x3-4 conv3x3-8 pool dense64 dense10",
                "conv5x5-3 pool dense10"}) {
            Network network = Network.heInitialized(Architecture.parse(new Shape(1, 28, 28), layers), 3);
            byte[] image = new byte[784];
            for (int i = 0; i < image.length; i++) image[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : 0;
            ForwardPass pass = new ForwardPass();
            ActivationSnapshot snapshot = new ActivationSnapshot();
            pass.run(network, image, 0);
            snapshot.capture(pass);

            List<ActivationReference.View> expected = ActivationReference.of(network, image);
            assertEquals(expected.size(), snapshot.layers().size(), layers);
            for (int i = 0; i < expected.size(); i++) {
                ActivationReference.View want = expected.get(i);
                ActivationSnapshot.Layer got = snapshot.layers().get(i);
                assertEquals(want.name(), got.name(), layers);
                assertEquals(want.bytes().length, snapshot.bytes(i).length, layers + " " + want.name());
                assertEquals(want.max(), snapshot.max(i), 1e-6 * want.max(), layers + " " + want.name());
                assertTrue(want.max() > 0, "random weights leave something active in " + want.name());
                for (int k = 0; k < want.bytes().length; k++) {
                    assertEquals(want.bytes()[k], snapshot.bytes(i)[k] & 0xff, 1, layers + " " + want.name() + " byte " + k);
                }
            }

            // Long enough for C2 to compile the vector max: until then every vector is a heap object.
            for (int warm = 0; warm < 20_000; warm++) snapshot.capture(pass);
            long allocated = Allocations.allocatedBytes(() -> {
                for (int r = 0; r < 100; r++) snapshot.capture(pass);
            });
            assertEquals(0, allocated, layers + ": bytes allocated by 100 captures");
        }
    }

    /** The convolution of the hand-computed cases: channel 0 = x, channel 1 = 4.5 − x; everything else 0. */
    private static float[] convParameters(Architecture a) {
        float[] p = new float[a.parameterCount()];
        p[a.weightOffset(0)] = 1f;
        p[a.weightOffset(0) + 1] = -1f;
        p[a.biasOffset(0) + 1] = 4.5f;
        return p;
    }

    private static ActivationSnapshot capture(Network network) {
        float[] input = new float[16];
        for (int i = 0; i < input.length; i++) input[i] = i;
        ForwardPass pass = new ForwardPass();
        pass.run(network, input);
        ActivationSnapshot snapshot = new ActivationSnapshot();
        snapshot.capture(pass);
        return snapshot;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }
}
