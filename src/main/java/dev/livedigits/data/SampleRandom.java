package dev.livedigits.data;

/**
 * The random numbers of one sample, reseeded per sample: the same stream as {@code new SplittableRandom(seed)}
 * (SplitMix64 with the golden gamma; {@link #nextDouble} is bit-identical to SplittableRandom's), but one
 * instance serves every sample, so rendering a sample allocates nothing. Not thread-safe.
 */
final class SampleRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** Restarts the stream: what follows depends on {@code seed} alone. */
    void reseed(long seed) {
        state = seed;
    }

    long nextLong() {
        return mix(state += GOLDEN_GAMMA);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [-1, 1). */
    double signedUnit() {
        return 2 * nextDouble() - 1;
    }

    /** Uniform in [low, high). */
    double between(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Uniform in 0 ..< bound. */
    int nextInt(int bound) {
        return (int) (nextDouble() * bound);
    }

    /**
     * A seed for one sample of one epoch of one run, so that each (epoch, index) sees its own randomness and a
     * run is reproducible. SplitMix64 finalizers mix the three; they are bijective and avalanche, so
     * neighbouring indices get unrelated seeds.
     */
    static long sampleSeed(long runSeed, int epoch, int index) {
        long h = mix(runSeed);
        h = mix(h + GOLDEN_GAMMA * (epoch + 1L));
        return mix(h + GOLDEN_GAMMA * (index + 1L));
    }

    /** The SplitMix64 / Stafford "mix13" finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
