package dev.livedigits.nn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Runs a {@link Network} on one input at a time, with every buffer preallocated: one instance per
 * thread, no allocation per call once it has seen the widest layout.
 *
 * <p>Each layer's input is kept as a list of its non-zero entries: about 150 of MNIST's 784 pixels
 * are ink, and ReLU zeroes roughly half of every hidden layer, so walking only those rows of the
 * weight matrix does a fifth of the work of the dense product. The lists also let
 * {@link #backward} touch only the weight rows that received a non-zero input.
 */
public final class ForwardPass {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final float[] BYTE_TO_UNIT = new float[256];
    static {
        for (int b = 0; b < 256; b++) BYTE_TO_UNIT[b] = b / 255f;
    }

    private Layout layout;
    /** Per layer: indices and values of the non-zero inputs, and how many there are. */
    private int[][] idx;
    private float[][] val;
    private int[] nnz;
    /** Per layer: pre-activations (logits for the last one); then dL/dz for training. */
    private float[][] z;
    private float[][] dz;
    private float[] probabilities;
    private double logSumExp;

    public ForwardPass() {}

    /** Probabilities for a normalized 28×28 image of bytes 0..255 at {@code offset}; the array is reused. */
    public float[] run(Network network, byte[] image, int offset) {
        prepare(network.layout());
        int n = layout.inputSize();
        int[] i0 = idx[0];
        float[] v0 = val[0];
        int count = 0;
        // Eight pixels at a time: whole runs of background (the margins of every digit) cost one
        // load and one well-predicted branch. Within a word the gather is branch-free, because the
        // ink/background pattern defeats the branch predictor (measured ~1.5 µs of mispredictions
        // per image with a branch per pixel): always write, advance the cursor only for ink.
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
        return propagate(network);
    }

    /** Probabilities for a real-valued input (gradient checks, tools); the array is reused. */
    public float[] run(Network network, float[] input) {
        prepare(network.layout());
        if (input.length != layout.inputSize()) {
            throw new IllegalArgumentException("input has " + input.length + " values, network expects " + layout.inputSize());
        }
        int count = 0;
        for (int k = 0; k < input.length; k++) {
            if (input[k] != 0f) {
                idx[0][count] = k;
                val[0][count] = input[k];
                count++;
            }
        }
        nnz[0] = count;
        return propagate(network);
    }

    /** Cross-entropy of the last run against {@code label}. */
    public double loss(int label) {
        return Softmax.crossEntropy(z[layout.layerCount() - 1], label, logSumExp);
    }

    /** Logits of the last run (reused array, padded). */
    float[] logits() {
        return z[layout.layerCount() - 1];
    }

    /**
     * Adds this sample's loss gradient to {@code grad} (same layout as the parameters), using the
     * activations recorded by the last {@code run}: {@code dz = p - onehot(label)} at the top, then
     * for each layer the bias and weight gradients and, through the ReLU, the gradient of the layer
     * below. Inputs that were zero receive no gradient, which is exactly ReLU's derivative.
     */
    void backward(Network network, int label, float[] grad) {
        float[] p = network.paddedParameters();
        int top = layout.layerCount() - 1;
        int outTop = layout.outputSize();
        float[] d = dz[top];
        for (int j = 0; j < outTop; j++) d[j] = probabilities[j];
        d[label] -= 1f;
        for (int l = top; l >= 0; l--) {
            int out = layout.out(l);
            Kernels.add(grad, layout.biasOffset(l), dz[l], out);
            Kernels.accumulateOuter(grad, layout.weightOffset(l), out, idx[l], val[l], nnz[l], dz[l]);
            if (l > 0) {
                Arrays.fill(dz[l - 1], 0, layout.in(l), 0f);
                Kernels.backpropRows(p, layout.weightOffset(l), out, dz[l], idx[l], nnz[l], dz[l - 1]);
            }
        }
    }

    private float[] propagate(Network network) {
        float[] p = network.paddedParameters();
        int top = layout.layerCount() - 1;
        for (int l = 0; l <= top; l++) {
            int out = layout.out(l);
            Kernels.affineSparse(p, layout.weightOffset(l), layout.biasOffset(l), out, idx[l], val[l], nnz[l], z[l]);
            if (l < top) {
                gatherPositive(z[l], out, idx[l + 1], val[l + 1], l + 1);
            }
        }
        logSumExp = Softmax.probabilities(z[top], layout.outputSize(), probabilities);
        return probabilities;
    }

    /** ReLU and the sparse list of the next layer's input in one pass. */
    private void gatherPositive(float[] pre, int n, int[] toIdx, float[] toVal, int layer) {
        int count = 0;
        for (int j = 0; j < n; j++) {
            float v = pre[j];
            toIdx[count] = j;
            toVal[count] = v;
            count += v > 0f ? 1 : 0;
        }
        nnz[layer] = count;
    }

    /** Sizes the buffers for {@code next}; reallocates only when a layout of another shape arrives. */
    private void prepare(Layout next) {
        if (next.equals(layout)) return;
        int layers = next.layerCount();
        idx = new int[layers][];
        val = new float[layers][];
        z = new float[layers][];
        dz = new float[layers][];
        nnz = new int[layers];
        for (int l = 0; l < layers; l++) {
            // One spare slot: the branch-free gathers write one entry past the last kept one.
            idx[l] = new int[next.in(l) + 1];
            val[l] = new float[next.in(l) + 1];
            z[l] = new float[next.out(l) + Kernels.PAD];
            dz[l] = new float[next.out(l) + Kernels.PAD];
        }
        probabilities = new float[next.outputSize() + Kernels.PAD];
        layout = next;
    }
}
