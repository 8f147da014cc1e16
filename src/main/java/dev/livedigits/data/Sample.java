package dev.livedigits.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One user-labelled sample with its cluster-wide identity: {@code (origin, seq)} names it on every
 * node, so a node receiving it twice can tell, and keep it once.
 *
 * @param origin the store that first recorded it
 * @param seq    1, 2, 3 … per origin
 * @param digit  the label, 0..9
 * @param pixels 784 normalized bytes (28×28, MNIST polarity); copied in and out, so a sample never changes
 * @param millis when it was first recorded, epoch milliseconds
 */
public record Sample(UUID origin, long seq, int digit, byte[] pixels, long millis) {
    public static final int PIXELS = 28 * 28;

    /** @throws IllegalArgumentException if a field is out of range, so no invalid sample reaches a store or a peer */
    public Sample {
        Objects.requireNonNull(origin, "a sample needs an origin");
        if (seq < 1) throw new IllegalArgumentException("seq starts at 1, got " + seq);
        if (digit < 0 || digit > 9) throw new IllegalArgumentException("digit must be 0..9, got " + digit);
        if (pixels == null || pixels.length != PIXELS) {
            throw new IllegalArgumentException("a sample has " + PIXELS + " normalized bytes, got "
                    + (pixels == null ? "none" : pixels.length));
        }
        pixels = pixels.clone();
    }

    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    // A record compares arrays by reference; two copies of one sample (say, one from a peer) must be equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && origin.equals(s.origin) && seq == s.seq && digit == s.digit
                && millis == s.millis && Arrays.equals(pixels, s.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, seq, digit, millis) * 31 + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Sample[" + origin + "#" + seq + ", digit " + digit + ", millis " + millis + "]";
    }
}
