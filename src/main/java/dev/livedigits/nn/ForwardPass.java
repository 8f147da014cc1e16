package dev.livedigits.nn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Runs a {@link Network} on one input at a time, with every buffer preallocated: one instance per
 * thread, no allocation per call once it has seen the network's architecture. It keeps what the
 * {@link BackwardPass} needs (every layer's input and output) and what a view of the network's
 * insides can show ({@link #layerOutput}), so neither costs the forward path anything extra.
 *
 * <p>A dense layer's input is kept as a list of its non-zero entries: about 150 of MNIST's 784
 * pixels are ink, ReLU zeroes roughly half of every hidden layer, and most of a pooled feature map
 * is background, so walking only those rows of the weight matrix does a fraction of the work of the
 * dense product. A convolution's input is kept zero-padded, so its kernel needs no border tests.
 */
public final class ForwardPass {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final float[] BYTE_TO_UNIT = new float[256];
    static {
        for (int b = 0; b < 256; b++) BYTE_TO_UNIT[b] = b / 255f;
    }

    private Architecture architecture;
    /** Dense layers: indices and values of the non-zero inputs, and how many there are. */
    private int[][] idx;
    private float[][] val;
    private int[] nnz;
    private float[] scales;
    /** Convolutions: the input with a zero border of {@code k/2}; the border is never written. */
    private float[][] padded;
    private ConvPlan[] plans;
    /** Every layer's output: after ReLU for a convolution, pooled for a pool, pre-activation for a dense layer. */
    private float[][] out;
    private float[] probabilities;
    private double logSumExp;
    /** Training only: dropout on the input of every dense layer but the first, or null. */
    private Dropout dropout;

    public ForwardPass() {}

    /** Probabilities for a normalized image of bytes 0..255 at {@code offset}; the array is reused. */
    public float[] run(Network network, byte[] image, int offset) {
        begin(network, image, offset, null);
        return propagate(network);
    }

    /**
     * Takes a new input, for a run layer by layer ({@link #forwardLayer}, then {@link #finish}); a
     * training run passes {@code dropout} (already seeded for this sample), which then applies to the
     * input of every dense layer after the first; the backward pass reads which inputs were kept.
     */
    void begin(Network network, byte[] image, int offset, Dropout dropout) {
        prepare(network.architecture());
        this.dropout = dropout;
        if (architecture.layer(0) instanceof LayerSpec.Conv conv) {
            fillPadded(image, offset, conv);
        } else {
            gatherBytes(image, offset, architecture.inputSize());
        }
    }

    /** Probabilities for a real-valued input (channels-last; gradient checks, tools); the array is reused. */
    public float[] run(Network network, float[] input) {
        prepare(network.architecture());
        if (input.length != architecture.inputSize()) {
            throw new IllegalArgumentException("input has " + input.length + " values, network expects " + architecture.inputSize());
        }
        if (architecture.layer(0) instanceof LayerSpec.Conv conv) {
            copyIntoPadded(input, architecture.input().height(), architecture.input().width(),
                    architecture.input().channels(), conv.padding(), padded[0]);
        } else {
            int count = 0;
            for (int k = 0; k < input.length; k++) {
                if (input[k] != 0f) {
                    idx[0][count] = k;
                    val[0][count] = input[k];
                    count++;
                }
            }
            nnz[0] = count;
        }
        dropout = null;
        return propagate(network);
    }

    /** Cross-entropy of the last run against {@code label}. */
    public double loss(int label) {
        return Softmax.crossEntropy(out[architecture.layerCount() - 1], label, logSumExp);
    }

    /**
     * Layer {@code l}'s output from the last run, channels-last, {@code architecture.out(l).size()}
     * values: after ReLU for a convolution, pooled for a pool, and <em>before</em> ReLU for a dense
     * layer (clamp at 0 to see what the next layer saw). A live buffer: the next run overwrites it.
     */
    public float[] layerOutput(int l) {
        return out[l];
    }

    // What the backward pass reads.
    Architecture architecture() { return architecture; }
    float[] padded(int l) { return padded[l]; }
    ConvPlan plan(int l) { return plans[l]; }
    float[] probabilities() { return probabilities; }
    int[] sparseIndices(int l) { return idx[l]; }
    float[] sparseValues(int l) { return val[l]; }
    int sparseCount(int l) { return nnz[l]; }
    /** What layer {@code l}'s kept inputs were scaled by in the last run: 1 unless dropout was on. */
    float inputScale(int l) { return scales[l]; }

    private float[] propagate(Network network) {
        float[] p = network.paddedParameters();
        for (int l = 0; l < architecture.layerCount(); l++) forwardLayer(p, l);
        return finish();
    }

    /** Layer {@code l} of the current run, from layer {@code l - 1}'s output ({@code p}: the padded parameters). */
    void forwardLayer(float[] p, int l) {
        Shape in = architecture.in(l);
        LayerSpec layer = architecture.layer(l);
        if (layer instanceof LayerSpec.Conv conv) {
            if (l > 0) copyIntoPadded(out[l - 1], in.height(), in.width(), in.channels(), conv.padding(), padded[l]);
            ConvKernels.forward(padded[l], plans[l], p, architecture.weightOffset(l), p, architecture.biasOffset(l),
                    conv.channels(), ConvKernels.RELU, out[l]);
        } else if (layer instanceof LayerSpec.Pool) {
            ConvKernels.maxPool(out[l - 1], in.height(), in.width(), in.channels(), out[l]);
        } else if (layer instanceof LayerSpec.Dense dense) {
            denseInput(l);
            Kernels.affineSparse(p, architecture.weightOffset(l), p, architecture.biasOffset(l), dense.units(),
                    idx[l], val[l], 0, nnz[l], out[l]);
        }
    }

    /**
     * The sparse input list of dense layer {@code l}: the non-zero entries of layer {@code l - 1}'s
     * output after ReLU (dense outputs are kept before ReLU; conv and pool outputs are never
     * negative), less what dropout drops. Ascending by index, which the batch-slice kernels rely on.
     */
    void denseInput(int l) {
        if (l == 0) return;
        gatherPositive(out[l - 1], architecture.in(l).size(), l);
        if (dropout != null) nnz[l] = dropout.apply(idx[l], val[l], nnz[l]);
        scales[l] = dropout != null ? dropout.scale() : 1f;
    }

    /** The softmax of the last layer's output: the run's probabilities (the array is reused). */
    float[] finish() {
        int top = architecture.layerCount() - 1;
        logSumExp = Softmax.probabilities(out[top], architecture.outputSize(), probabilities);
        return probabilities;
    }

    /**
     * The sparse list of the input pixels, eight at a time: whole runs of background (the margins of
     * every digit) cost one load and one well-predicted branch. Within a word the gather is
     * branch-free, because the ink/background pattern defeats the branch predictor (measured ~1.5 µs
     * of mispredictions per image with a branch per pixel): always write, advance only for ink.
     */
    private void gatherBytes(byte[] image, int offset, int n) {
        int[] i0 = idx[0];
        float[] v0 = val[0];
        int count = 0;
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            if ((long) LONGS.get(image, offset + k) == 0L) continue;
            for (int q = k; q < k + 8; q++) {
                int b = image[offset + q] & 0xff;
                i0[count] = q;
                v0[count] = BYTE_TO_UNIT[b];
                count += (b + 255) >>> 8;
            }
        }
        for (; k < n; k++) {
            int b = image[offset + k] & 0xff;
            i0[count] = k;
            v0[count] = BYTE_TO_UNIT[b];
            count += (b + 255) >>> 8;
        }
        nnz[0] = count;
    }

    /** ReLU and the sparse list of layer {@code layer}'s input in one branch-free pass. */
    private void gatherPositive(float[] pre, int n, int layer) {
        int[] toIdx = idx[layer];
        float[] toVal = val[layer];
        int count = 0;
        for (int j = 0; j < n; j++) {
            float v = pre[j];
            toIdx[count] = j;
            toVal[count] = v;
            count += v > 0f ? 1 : 0;
        }
        nnz[layer] = count;
    }

    private void fillPadded(byte[] image, int offset, LayerSpec.Conv conv) {
        Shape in = architecture.input();
        int pad = conv.padding();
        int inW = in.width() + 2 * pad;
        float[] dst = padded[0];
        int c = in.channels();
        for (int y = 0; y < in.height(); y++) {
            int src = offset + y * in.width() * c;
            int at = ((y + pad) * inW + pad) * c;
            for (int i = 0; i < in.width() * c; i++) dst[at + i] = BYTE_TO_UNIT[image[src + i] & 0xff];
        }
    }

    /** Copies an {@code h × w × c} activation into the interior of a buffer with a zero border of {@code pad}. */
    static void copyIntoPadded(float[] src, int h, int w, int c, int pad, float[] dst) {
        int inW = w + 2 * pad;
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, y * w * c, dst, ((y + pad) * inW + pad) * c, w * c);
        }
    }

    /** Sizes the buffers for {@code next}; reallocates only when a network of another shape arrives. */
    private void prepare(Architecture next) {
        if (next.equals(architecture)) return;
        int layers = next.layerCount();
        idx = new int[layers][];
        val = new float[layers][];
        nnz = new int[layers];
        scales = new float[layers];
        java.util.Arrays.fill(scales, 1f);
        padded = new float[layers][];
        plans = new ConvPlan[layers];
        out = new float[layers][];
        for (int l = 0; l < layers; l++) {
            Shape in = next.in(l);
            LayerSpec layer = next.layer(l);
            if (layer instanceof LayerSpec.Dense) {
                // One spare slot: the branch-free gathers write one entry past the last kept one.
                idx[l] = new int[in.size() + 1];
                val[l] = new float[in.size() + 1];
            } else if (layer instanceof LayerSpec.Conv conv) {
                int side = conv.kernel() - 1;
                padded[l] = new float[(in.height() + side) * (in.width() + side) * in.channels() + Kernels.PAD];
                plans[l] = new ConvPlan(in.height(), in.width(), in.channels(), conv.kernel());
            }
            out[l] = new float[next.out(l).size() + Kernels.PAD];
        }
        probabilities = new float[next.outputSize() + Kernels.PAD];
        architecture = next;
    }
}
