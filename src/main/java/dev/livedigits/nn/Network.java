package dev.livedigits.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An immutable multi-layer perceptron: dense layers, ReLU between them, softmax at the end.
 *
 * <p>This is the snapshot the server serves and hot-swaps by replacing one reference: the parameter
 * array is private, copied on the way in and on the way out, and never written after construction,
 * so every prediction that holds a {@code Network} is computed entirely by that one version.
 * Running it needs a per-thread {@link ForwardPass}.
 */
public final class Network {
    private final Layout layout;
    /** Flat parameters in {@link Layout} order, followed by {@link Kernels#PAD} zeros. */
    private final float[] params;

    private Network(Layout layout, float[] paddedParams) {
        this.layout = layout;
        this.params = paddedParams;
    }

    /** A network with the given parameters (copied); {@code parameters.length} must equal the layout's count. */
    public static Network of(Layout layout, float[] parameters) {
        if (parameters.length != layout.parameterCount()) {
            throw new IllegalArgumentException("layout " + layout + " has " + layout.parameterCount()
                    + " parameters, got " + parameters.length);
        }
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new IllegalArgumentException("parameter " + i + " is not finite: " + parameters[i]);
            }
        }
        return new Network(layout, Arrays.copyOf(parameters, parameters.length + Kernels.PAD));
    }

    /** Takes ownership of an already padded array; for the trainer, which builds a fresh copy anyway. */
    static Network adoptPadded(Layout layout, float[] padded) {
        return new Network(layout, padded);
    }

    /**
     * He-uniform initialization, {@code U(±sqrt(6 / fan_in))} weights and zero biases (what the peer
     * benchmarks use too), so ReLU layers start with activations of roughly unit variance.
     */
    public static Network heInitialized(Layout layout, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[layout.parameterCount() + Kernels.PAD];
        for (int l = 0; l < layout.layerCount(); l++) {
            double limit = Math.sqrt(6.0 / layout.in(l));
            int from = layout.weightOffset(l);
            int to = from + layout.in(l) * layout.out(l);
            for (int i = from; i < to; i++) {
                p[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return new Network(layout, p);
    }

    public Layout layout() { return layout; }

    /** A copy of the parameters, exactly {@code layout().parameterCount()} long. */
    public float[] parameters() {
        return Arrays.copyOf(params, layout.parameterCount());
    }

    /** A padded copy for training to mutate. */
    float[] paddedParametersCopy() {
        return params.clone();
    }

    /** The live padded array, for kernels only: never write to it. */
    float[] paddedParameters() {
        return params;
    }

    /** Convenience for tools and tests: probabilities for one already-normalized 28×28 image (allocates). */
    public float[] predict(byte[] normalized) {
        ForwardPass pass = new ForwardPass();
        return Arrays.copyOf(pass.run(this, normalized, 0), layout.outputSize());
    }
}
