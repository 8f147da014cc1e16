package dev.livedigits.nn;

/**
 * One layer of a network, described by data: what kind it is and its size, nothing else. The
 * {@link Architecture} carries the shapes through a list of these and places their parameters.
 *
 * <p>Activations are fixed by the kind, because every network we train uses the same ones: a
 * convolution is followed by ReLU, a dense layer by ReLU unless it is the last (whose outputs are
 * the logits for the softmax), and a pool has none.
 */
public sealed interface LayerSpec {
    /** Largest channel count or dense width accepted anywhere (the admin API bounds requests below this). */
    int MAX_WIDTH = 4096;

    /** The layer in words, as {@link Architecture#describe()} prints it: {@code conv3x3-16}, {@code pool}, {@code dense128}. */
    String describe();

    /** {@code conv}, {@code pool} or {@code dense}. */
    String kind();

    /** {@code k×k} convolution, stride 1, "same" zero padding, {@code channels} outputs with a bias each, then ReLU. */
    record Conv(int kernel, int channels) implements LayerSpec {
        public static final int MAX_KERNEL = 7;

        public Conv {
            if (kernel < 1 || kernel > MAX_KERNEL || kernel % 2 == 0) {
                throw new IllegalArgumentException("kernel: must be odd and in 1.." + MAX_KERNEL + ", got " + kernel);
            }
            if (channels < 1 || channels > MAX_WIDTH) {
                throw new IllegalArgumentException("conv: channels must be in 1.." + MAX_WIDTH + ", got " + channels);
            }
        }

        public int padding() { return kernel / 2; }

        @Override public String describe() { return "conv" + kernel + "x" + kernel + "-" + channels; }

        @Override public String kind() { return "conv"; }
    }

    /** 2×2 max-pooling with stride 2 (an odd last row or column is dropped, as in every framework). */
    record Pool() implements LayerSpec {
        @Override public String describe() { return "pool"; }

        @Override public String kind() { return "pool"; }
    }

    /** Fully connected over the flattened input (channels last), with a bias per unit. */
    record Dense(int units) implements LayerSpec {
        public Dense {
            if (units < 1 || units > MAX_WIDTH) {
                throw new IllegalArgumentException("dense: units must be in 1.." + MAX_WIDTH + ", got " + units);
            }
        }

        @Override public String describe() { return "dense" + units; }

        @Override public String kind() { return "dense"; }
    }
}
