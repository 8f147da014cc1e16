package dev.livedigits.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network's shape as data: the input shape, the list of layers, the shape after each, and where
 * each layer's weights and biases live in the one flat parameter array.
 *
 * <p>All parameters sit in a single {@code float[]} so that the optimizer, the gradient buffers, the
 * checksum and the hot-swap copy are each one loop over one array. Layer by layer, weights then
 * bias: a dense layer's weights are input-major ({@code W[k * out + j]}), because the forward pass
 * walks only the rows of its non-zero inputs and a row is then one contiguous run of memory; a
 * convolution's are {@code W[((ky * k + kx) * in + ci) * out + co]}, output channels innermost, so
 * the kernels load a vector of output channels per tap and input channel. Activations are
 * channels-last (HWC), so flattening for a dense layer is free.
 *
 * <p>An MLP is the special case with dense layers only; its layout is exactly the v1 weights file's.
 */
public final class Architecture {
    private final Shape input;
    private final List<LayerSpec> layers;
    private final Shape[] shapes;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int parameterCount;

    public Architecture(Shape input, List<LayerSpec> layers) {
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            throw new IllegalArgumentException("a network must end in a dense layer (the logits), got " + describe(layers));
        }
        // The first dense layer sees a flat vector whatever the input's spatial shape, so an MLP's
        // input is always stored flat: one MLP, one Architecture, however it was described.
        this.input = layers.get(0) instanceof LayerSpec.Dense ? Shape.flat(input.size()) : input;
        this.layers = List.copyOf(layers);
        int n = layers.size();
        shapes = new Shape[n + 1];
        weightOffsets = new int[n];
        biasOffsets = new int[n];
        shapes[0] = this.input;
        long offset = 0;
        for (int l = 0; l < n; l++) {
            Shape in = shapes[l];
            LayerSpec layer = layers.get(l);
            weightOffsets[l] = -1;
            biasOffsets[l] = -1;
            if (layer instanceof LayerSpec.Conv conv) {
                if (in.isFlat() && l > 0) {
                    throw new IllegalArgumentException("a convolution cannot follow a dense layer: " + describe(layers));
                }
                weightOffsets[l] = (int) offset;
                offset += (long) conv.kernel() * conv.kernel() * in.channels() * conv.channels();
                biasOffsets[l] = (int) offset;
                offset += conv.channels();
                shapes[l + 1] = new Shape(conv.channels(), in.height(), in.width());
            } else if (layer instanceof LayerSpec.Pool) {
                if (l == 0) throw new IllegalArgumentException("a pool needs a convolution before it: " + describe(layers));
                if (in.height() < 2 || in.width() < 2 || in.isFlat()) {
                    throw new IllegalArgumentException("nothing left to pool at layer " + (l + 1) + " (input " + in + "): " + describe(layers));
                }
                shapes[l + 1] = new Shape(in.channels(), in.height() / 2, in.width() / 2);
            } else if (layer instanceof LayerSpec.Dense dense) {
                if (in.size() > LayerSpec.MAX_WIDTH * 64) {
                    throw new IllegalArgumentException("dense layer " + (l + 1) + " would have " + in.size() + " inputs: pool more first");
                }
                weightOffsets[l] = (int) offset;
                offset += (long) in.size() * dense.units();
                biasOffsets[l] = (int) offset;
                offset += dense.units();
                shapes[l + 1] = Shape.flat(dense.units());
            }
            if (offset > 50_000_000) {
                throw new IllegalArgumentException("network too large (" + offset + "+ parameters): " + describe(layers));
            }
        }
        parameterCount = (int) offset;
    }

    /** Dense layers only: {@code sizes[0]} inputs, then each layer's width (the v1 weights file's "layers"). */
    public static Architecture mlp(int... sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output size, got " + Arrays.toString(sizes));
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 1; i < sizes.length; i++) layers.add(new LayerSpec.Dense(sizes[i]));
        return new Architecture(Shape.flat(sizes[0]), layers);
    }

    /**
     * The usual digit CNN: for each entry of {@code conv} a {@code kernel×kernel} convolution with that
     * many channels followed by a pool, then the {@code hidden} dense layers, then {@code outputs}.
     * With {@code conv} empty this is an MLP over the flattened input.
     */
    public static Architecture cnn(Shape input, int[] conv, int kernel, int[] hidden, int outputs) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int c : conv) {
            layers.add(new LayerSpec.Conv(kernel, c));
            layers.add(new LayerSpec.Pool());
        }
        for (int h : hidden) layers.add(new LayerSpec.Dense(h));
        layers.add(new LayerSpec.Dense(outputs));
        return new Architecture(input, layers);
    }

    /** Reads {@link #describe()}'s words back: {@code "conv3x3-16 pool conv3x3-32 pool dense128 dense10"}. */
    public static Architecture parse(Shape input, String description) {
        List<LayerSpec> layers = new ArrayList<>();
        for (String word : description.trim().split("\\s+")) {
            if (word.equals("pool")) {
                layers.add(new LayerSpec.Pool());
            } else if (word.matches("conv[0-9]{1,2}x[0-9]{1,2}-[0-9]{1,5}")) {
                String[] kc = word.substring(4).split("[x-]");
                if (!kc[0].equals(kc[1])) throw new IllegalArgumentException("only square kernels, got " + word);
                layers.add(new LayerSpec.Conv(Integer.parseInt(kc[0]), Integer.parseInt(kc[2])));
            } else if (word.matches("dense[0-9]{1,5}")) {
                layers.add(new LayerSpec.Dense(Integer.parseInt(word.substring(5))));
            } else {
                throw new IllegalArgumentException("unknown layer '" + word + "' in '" + description + "'");
            }
        }
        return new Architecture(input, layers);
    }

    public Shape input() { return input; }
    public List<LayerSpec> layers() { return layers; }
    public int layerCount() { return layers.size(); }
    public LayerSpec layer(int l) { return layers.get(l); }
    /** The shape entering layer {@code l}. */
    public Shape in(int l) { return shapes[l]; }
    /** The shape leaving layer {@code l} (after its activation). */
    public Shape out(int l) { return shapes[l + 1]; }
    public int inputSize() { return input.size(); }
    public int outputSize() { return shapes[shapes.length - 1].size(); }
    /** Offset of layer {@code l}'s weights in the parameter array, -1 for a layer without any. */
    public int weightOffset(int l) { return weightOffsets[l]; }
    public int biasOffset(int l) { return biasOffsets[l]; }
    public int parameterCount() { return parameterCount; }

    /** True when every layer is dense: the network the v1 weights file describes. */
    public boolean isMlp() {
        return layers.stream().allMatch(l -> l instanceof LayerSpec.Dense);
    }

    /**
     * The input size, then each layer's output size: for an MLP its widths, e.g. {@code [784, 256, 128, 10]}
     * (what the v1 weights file and the API have always called "layers").
     */
    public int[] layerSizes() {
        int[] sizes = new int[layers.size() + 1];
        sizes[0] = input.size();
        for (int l = 0; l < layers.size(); l++) sizes[l + 1] = shapes[l + 1].size();
        return sizes;
    }

    /** Largest activation anywhere, for sizing scratch buffers. */
    public int maxActivation() {
        return Arrays.stream(shapes).mapToInt(Shape::size).max().orElseThrow();
    }

    /** The layers in words: {@code conv3x3-16 pool conv3x3-32 pool dense128 dense10}. */
    public String describe() {
        return describe(layers);
    }

    private static String describe(List<LayerSpec> layers) {
        StringBuilder sb = new StringBuilder();
        for (LayerSpec layer : layers) sb.append(sb.length() == 0 ? "" : " ").append(layer.describe());
        return sb.toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Architecture a && input.equals(a.input) && layers.equals(a.layers);
    }

    @Override public int hashCode() { return input.hashCode() * 31 + layers.hashCode(); }

    /** Input and layers, e.g. {@code 1x28x28 conv3x3-16 pool dense10}, or {@code 784-256-128-10} for an MLP as before. */
    @Override public String toString() {
        if (isMlp()) {
            StringBuilder sb = new StringBuilder();
            for (int s : layerSizes()) sb.append(sb.length() == 0 ? "" : "-").append(s);
            return sb.toString();
        }
        return input + " " + describe();
    }
}
