package dev.livedigits.nn;

/**
 * Inverted dropout on the input of a dense layer, for training only: each non-zero input is kept
 * with probability {@code 1 - rate} and then scaled by {@code 1 / (1 - rate)}, so the layer sees the
 * same expected input in training as at inference, where nothing is dropped.
 *
 * <p>Its random stream is reseeded for every sample from (seed, epoch, sample), so which inputs a
 * sample loses does not depend on which thread trains it: the same seed and thread count still give
 * bit-identical weights. A SplitMix64 sequence kept in a field, so dropping costs no allocation.
 */
final class Dropout {
    private final float rate;
    private final float scale;
    /** An input is dropped when its 24 random bits fall below this. */
    private final int threshold;
    private long state;

    Dropout(float rate) {
        if (!(rate >= 0f && rate < 1f)) throw new IllegalArgumentException("dropout: must be in [0, 1), got " + rate);
        this.rate = rate;
        this.scale = 1f / (1f - rate);
        this.threshold = Math.round(rate * (1 << 24));
    }

    float rate() { return rate; }

    /** What every kept input is multiplied by; the backward pass multiplies their gradients by it too. */
    float scale() { return scale; }

    void reseed(long seed, int epoch, int sample) {
        state = mix(mix(seed ^ 0x6a09e667f3bcc909L) + epoch * 0x9E3779B97F4A7C15L + sample);
    }

    /**
     * Drops from the sparse list {@code idx/val[0..count)} in place, keeping the order of the rest,
     * scales what it keeps, and returns how many remain.
     */
    int apply(int[] idx, float[] val, int count) {
        int kept = 0;
        long bits = 0;
        for (int k = 0; k < count; k++) {
            if ((k & 1) == 0) bits = next();
            int r = (int) (bits >>> ((k & 1) * 32)) & 0xffffff;
            if (r >= threshold) {
                idx[kept] = idx[k];
                val[kept] = val[k] * scale;
                kept++;
            }
        }
        return kept;
    }

    private long next() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
