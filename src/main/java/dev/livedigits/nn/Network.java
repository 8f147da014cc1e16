package dev.livedigits.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An immutable network: its {@link Architecture} and its parameters, softmax at the end.
 *
 * <p>This is the snapshot the server serves and hot-swaps by replacing one reference: the parameter
 * array is private, copied on the way in and on the way out, and never written after construction,
 * so every prediction that holds a {@code Network} is computed entirely by that one version.
 * Running it needs a per-thread {@link ForwardPass}.
 */
public final class Network {
    private final Architecture architecture;
    /** Flat parameters in {@link Architecture} order, followed by {@link Kernels#PAD} zeros. */
    private final float[] params;

    private Network(Architecture architecture, float[] paddedParams) {
        this.architecture = architecture;
        this.params = paddedParams;
    }

    /** A network with the given parameters (copied); {@code parameters.length} must equal the architecture's count. */
    public static Network of(Architecture architecture, float[] parameters) {
        if (parameters.length != architecture.parameterCount()) {
            throw new IllegalArgumentException("architecture " + architecture + " has " + architecture.parameterCount()
                    + " parameters, got " + parameters.length);
        }
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new IllegalArgumentException("parameter " + i + " is not finite: " + parameters[i]);
            }
        }
        return new Network(architecture, Arrays.copyOf(parameters, parameters.length + Kernels.PAD));
    }

    /** Takes ownership of an already padded array; for the trainer, which builds a fresh copy anyway. */
    static Network adoptPadded(Architecture architecture, float[] padded) {
        return new Network(architecture, padded);
    }

    /**
     * He-uniform initialization, {@code U(±sqrt(6 / fan_in))} weights and zero biases (what the peer
     * benchmarks use too), so ReLU layers start with activations of roughly unit variance.
     */
    public static Network heInitialized(Architecture architecture, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[architecture.parameterCount() + Kernels.PAD];
        for (int l = 0; l < architecture.layerCount(); l++) {
            int from = architecture.weightOffset(l);
            if (from < 0) continue;
            int fanIn = (architecture.biasOffset(l) - from) / architecture.out(l).channels();
            double limit = Math.sqrt(6.0 / fanIn);
            for (int i = from; i < architecture.biasOffset(l); i++) {
                p[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return new Network(architecture, p);
    }

    public Architecture architecture() { return architecture; }

    /** A copy of the parameters, exactly {@code architecture().parameterCount()} long. */
    public float[] parameters() {
        return Arrays.copyOf(params, architecture.parameterCount());
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
        return Arrays.copyOf(new ForwardPass().run(this, normalized, 0), architecture.outputSize());
    }
}
