package dev.livedigits.nn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a view of the network's insides shows of a {@link ForwardPass}'s last run: every convolution's
 * output after ReLU, max-pooled 2×2, and the last hidden dense layer after ReLU, each quantized to bytes
 * 0..255 in channel-major order ({@code [c][h][w]}; a dense layer is {@code [n]}).
 *
 * <p><b>Why pooled:</b> the full-resolution maps of the shipped CNN are 18,944 values, about 25 KB of
 * base64 per frame; pooled they are 4,832 (about 6.5 KB), and a map of 14×14 or 7×7 cells still shows
 * which strokes a channel answers to. Where the next layer is the network's own 2×2 pool, its output
 * is exactly that view and is read as it is; otherwise the convolution's output is pooled here.
 *
 * <p><b>Why per-layer scale:</b> each layer is scaled by its own maximum in this frame (0 → 0, max → 255,
 * rounded to nearest), so the view shows relative activity within the layer; {@link #max} keeps the scale.
 * Max-pooling keeps the maximum, so it is the layer's maximum at full resolution too.
 *
 * <p>One instance per thread, like the forward pass: no allocation per call once it has seen the
 * network's architecture.
 */
public final class ActivationSnapshot {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The side of the max-pool window a convolution's output is shown through. */
    public static final int POOL = 2;

    /**
     * One layer as shown.
     *
     * @param name   {@code conv1}, {@code conv2}, … counting the convolutions, or {@code dense1}, … counting the dense layers
     * @param kind   {@link LayerSpec#kind()}: {@code conv} or {@code dense}
     * @param layer  its index in {@link Architecture#layers()}
     * @param shape  what is sent: pooled for a convolution, the units of a dense layer
     * @param pooled the side of the max-pool window applied for the view (1: as computed)
     */
    public record Layer(String name, String kind, int layer, Shape shape, int pooled) {
        public boolean isConv() { return kind.equals("conv"); }
    }

    private Architecture architecture;
    private List<Layer> layers = List.of();
    /** Per shown layer: the network layer whose output is read, and whether it is pooled here first. */
    private int[] source;
    private boolean[] poolHere;
    private float[][] pooled;
    private byte[][] bytes;
    private float[] maxima;
    private int[] rounded;

    /**
     * The layers shown for {@code a}, in network order: each convolution (pooled 2×2 when it is at
     * least 2×2, whether or not a pool follows it) and the dense layer before the output, if it is a
     * hidden dense layer. An MLP without hidden layers shows none.
     */
    public static List<Layer> layersOf(Architecture a) {
        List<Layer> shown = new ArrayList<>();
        int convs = 0;
        int denses = 0;
        int last = a.layerCount() - 1;
        for (int l = 0; l < last; l++) {
            LayerSpec spec = a.layer(l);
            Shape out = a.out(l);
            if (spec instanceof LayerSpec.Conv) {
                convs++;
                boolean poolable = out.height() >= POOL && out.width() >= POOL;
                Shape view = poolable ? new Shape(out.channels(), out.height() / POOL, out.width() / POOL) : out;
                shown.add(new Layer("conv" + convs, spec.kind(), l, view, poolable ? POOL : 1));
            } else if (spec instanceof LayerSpec.Dense) {
                denses++;
                if (l == last - 1) shown.add(new Layer("dense" + denses, spec.kind(), l, out, 1));
            }
        }
        return List.copyOf(shown);
    }

    /** Quantizes the shown layers of {@code pass}'s last run into {@link #bytes}. */
    public void capture(ForwardPass pass) {
        prepare(pass.architecture());
        for (int i = 0; i < source.length; i++) {
            Shape view = layers.get(i).shape();
            float[] values = pass.layerOutput(source[i]);
            if (poolHere[i]) {
                Shape full = architecture.out(source[i]);
                ConvKernels.maxPool(values, full.height(), full.width(), full.channels(), pooled[i]);
                values = pooled[i];
            }
            // A dense layer is [n] with one position; a map is [c][h*w] read from its channels-last order.
            int positions = layers.get(i).isConv() ? view.height() * view.width() : 1;
            maxima[i] = quantize(values, view.size() / positions, positions, rounded, bytes[i]);
        }
    }

    public List<Layer> layers() { return layers; }

    /** Shown layer {@code i} of the last capture, {@code layers().get(i).shape().size()} bytes; a live buffer. */
    public byte[] bytes(int i) { return bytes[i]; }

    /** The value that 255 stands for in layer {@code i} of the last capture (0 when the layer was all zero). */
    public float max(int i) { return maxima[i]; }

    /**
     * {@code channels × positions} values stored channels-last ({@code src[p * channels + c]}) to bytes
     * channel-major ({@code dst[c * positions + p]}): negatives clamped to 0 (a dense layer is kept before
     * its ReLU), then scaled so the maximum is 255 and rounded to nearest, ties to even ({@code rounded}:
     * scratch of at least {@code channels × positions}). Returns the maximum; one below the smallest normal
     * float counts as 0 (its reciprocal would overflow).
     */
    static float quantize(float[] src, int channels, int positions, int[] rounded, byte[] dst) {
        int n = channels * positions;
        float max = Kernels.maxOrZero(src, n);
        float scale = max >= Float.MIN_NORMAL ? 255f / max : 0f;
        // Rounded in source order, where the vector kernel reads whole vectors; then transposed as bytes.
        Kernels.roundScaled(src, n, scale, rounded);
        int p = 0;
        // Four positions of a channel packed into one int store: the transpose was most of the time with a
        // store per byte (measured 2x slower on the shipped CNN's 4,704 conv values).
        for (; p + 4 <= positions; p += 4) {
            int f0 = p * channels;
            int f1 = f0 + channels;
            int f2 = f1 + channels;
            int f3 = f2 + channels;
            for (int c = 0; c < channels; c++) {
                int four = (rounded[f0 + c] & 0xff) | (rounded[f1 + c] & 0xff) << 8 | (rounded[f2 + c] & 0xff) << 16 | rounded[f3 + c] << 24;
                INTS.set(dst, c * positions + p, four);
            }
        }
        for (; p < positions; p++) {
            int from = p * channels;
            for (int c = 0; c < channels; c++) dst[c * positions + p] = (byte) rounded[from + c];
        }
        return max;
    }

    /** Plans and sizes the buffers for {@code next}; reallocates only when a network of another shape arrives. */
    private void prepare(Architecture next) {
        if (next.equals(architecture)) return;
        layers = layersOf(next);
        int n = layers.size();
        source = new int[n];
        poolHere = new boolean[n];
        pooled = new float[n][];
        bytes = new byte[n][];
        maxima = new float[n];
        rounded = new int[layers.stream().mapToInt(layer -> layer.shape().size()).max().orElse(0)];
        for (int i = 0; i < n; i++) {
            Layer shown = layers.get(i);
            int l = shown.layer();
            boolean reusePool = shown.pooled() == POOL && next.layer(l + 1) instanceof LayerSpec.Pool;
            source[i] = reusePool ? l + 1 : l;
            poolHere[i] = shown.pooled() == POOL && !reusePool;
            if (poolHere[i]) pooled[i] = new float[shown.shape().size() + Kernels.PAD];
            bytes[i] = new byte[shown.shape().size()];
        }
        architecture = next;
    }
}
