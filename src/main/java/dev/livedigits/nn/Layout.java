package dev.livedigits.nn;

import java.util.Arrays;

/**
 * Where each layer's weights and biases live in one flat parameter array.
 *
 * <p>All parameters of a network sit in a single {@code float[]} so that the optimizer, the
 * gradient buffers, the checksum and the hot-swap copy are each one loop over one array. Layer
 * {@code l} maps {@code sizes[l]} inputs to {@code sizes[l+1]} outputs; its weight matrix is stored
 * input-major ({@code W[k * out + j]}) because the forward pass walks the rows of the non-zero
 * inputs only, and a row is then one contiguous run of memory.
 */
public final class Layout {
    /** Largest layer width we accept anywhere (the admin API bounds hidden sizes to this too). */
    public static final int MAX_WIDTH = 4096;

    private final int[] sizes;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int parameterCount;

    public Layout(int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output size, got " + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s < 1 || s > MAX_WIDTH) {
                throw new IllegalArgumentException("layer size " + s + " outside 1.." + MAX_WIDTH + " in " + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffsets[l] = (int) offset;
            offset += (long) sizes[l] * sizes[l + 1];
            biasOffsets[l] = (int) offset;
            offset += sizes[l + 1];
            if (offset > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("network too large: " + Arrays.toString(sizes));
            }
        }
        parameterCount = (int) offset;
    }

    public int layerCount() { return sizes.length - 1; }
    public int inputSize() { return sizes[0]; }
    public int outputSize() { return sizes[sizes.length - 1]; }
    public int in(int layer) { return sizes[layer]; }
    public int out(int layer) { return sizes[layer + 1]; }
    public int weightOffset(int layer) { return weightOffsets[layer]; }
    public int biasOffset(int layer) { return biasOffsets[layer]; }
    public int parameterCount() { return parameterCount; }
    public int[] sizes() { return sizes.clone(); }
    public int maxWidth() { return Arrays.stream(sizes).max().orElseThrow(); }

    @Override public boolean equals(Object o) { return o instanceof Layout other && Arrays.equals(sizes, other.sizes); }
    @Override public int hashCode() { return Arrays.hashCode(sizes); }
    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int s : sizes) sb.append(sb.length() == 0 ? "" : "-").append(s);
        return sb.toString();
    }
}
