package dev.livedigits.nn;

import java.util.Arrays;

/**
 * Back-propagation of one sample's cross-entropy loss through the activations its
 * {@link ForwardPass} recorded, adding the gradient to a buffer laid out like the parameters.
 * One per training thread, paired with that thread's forward pass; no allocation per sample.
 *
 * <p>Per layer it keeps {@code delta}: the loss gradient with respect to a convolution's or dense
 * layer's pre-activation (the ReLU derivative already applied) or a pool's output. Inputs that were
 * zero after ReLU receive no gradient, which is exactly ReLU's derivative, so the dense layers touch
 * only the weight rows of their non-zero inputs.
 *
 * <p>A convolution's input gradient is itself a convolution — of the zero-bordered {@code delta}
 * with the kernel flipped and its channel axes swapped — so it runs on the same fast forward kernel.
 * The flipped copy is rebuilt only after {@link #weightsChanged()} (once per mini-batch).
 */
public final class BackwardPass {
    private final ForwardPass forward;
    private Architecture architecture;
    private float[][] delta;
    private float[][] paddedDelta;
    private float[][] flipped;
    /** The input gradient's convolution: same pixels, the layer's output channels as its input. */
    private ConvPlan[] transposedPlans;
    private float[] inputGradient;
    /** Zeros: the input gradient's convolution has no bias. */
    private float[] noBias;
    private Network flippedFrom;
    private boolean flippedStale = true;

    public BackwardPass(ForwardPass forward) {
        this.forward = forward;
    }

    /** The parameters changed in place (an optimizer step): derived copies must be rebuilt. */
    public void weightsChanged() {
        flippedStale = true;
    }

    /**
     * Adds the gradient of the loss of {@code forward}'s last run against {@code label} to {@code grad}
     * ({@code parameterCount + Kernels.PAD} long). {@code network} must be the one that run used.
     */
    public void accumulate(Network network, int label, float[] grad) {
        prepare(forward.architecture());
        float[] p = network.paddedParameters();
        if (flippedStale || flippedFrom != network) {
            flipKernels(p);
            flippedFrom = network;
        }
        int top = architecture.layerCount() - 1;
        float[] probabilities = forward.probabilities();
        float[] d = delta[top];
        for (int j = 0; j < architecture.outputSize(); j++) d[j] = probabilities[j];
        d[label] -= 1f;
        for (int l = top; l >= 0; l--) {
            Shape in = architecture.in(l);
            LayerSpec layer = architecture.layer(l);
            if (layer instanceof LayerSpec.Dense dense) {
                int units = dense.units();
                int wOff = architecture.weightOffset(l);
                int[] idx = forward.sparseIndices(l);
                float[] val = forward.sparseValues(l);
                int nnz = forward.sparseCount(l);
                Kernels.add(grad, architecture.biasOffset(l), delta[l], units);
                Kernels.accumulateOuter(grad, wOff, units, idx, val, nnz, delta[l]);
                if (l > 0) {
                    Arrays.fill(delta[l - 1], 0, in.size(), 0f);
                    Kernels.backpropRows(p, wOff, units, delta[l], idx, nnz, delta[l - 1]);
                }
            } else if (layer instanceof LayerSpec.Pool) {
                ConvKernels.maxPoolBackward(forward.layerOutput(l - 1), forward.layerOutput(l), delta[l],
                        in.height(), in.width(), in.channels(), delta[l - 1]);
            } else if (layer instanceof LayerSpec.Conv conv) {
                ConvKernels.weightGradient(forward.padded(l), forward.plan(l), delta[l], conv.channels(),
                        grad, architecture.weightOffset(l), architecture.biasOffset(l));
                if (l > 0) inputGradient(l, in, conv);
            }
        }
    }

    /** {@code delta[l-1]} from a convolution's {@code delta[l]}, through the ReLU of the layer below. */
    private void inputGradient(int l, Shape in, LayerSpec.Conv conv) {
        ForwardPass.copyIntoPadded(delta[l], in.height(), in.width(), conv.channels(), conv.padding(), paddedDelta[l]);
        ConvKernels.forward(paddedDelta[l], transposedPlans[l], flipped[l], 0, noBias, 0, in.channels(),
                ConvKernels.LINEAR, inputGradient);
        float[] below = forward.layerOutput(l - 1);
        float[] d = delta[l - 1];
        for (int i = 0; i < in.size(); i++) d[i] = below[i] > 0f ? inputGradient[i] : 0f;
    }

    /** {@code flipped[((a*k + b)*cout + co)*cin + ci] = w[(((k-1-a)*k + (k-1-b))*cin + ci)*cout + co]}. */
    private void flipKernels(float[] p) {
        for (int l = 1; l < architecture.layerCount(); l++) {
            if (!(architecture.layer(l) instanceof LayerSpec.Conv conv)) continue;
            int k = conv.kernel();
            int cin = architecture.in(l).channels();
            int cout = conv.channels();
            int wOff = architecture.weightOffset(l);
            float[] f = flipped[l];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    int src = wOff + ((k - 1 - a) * k + (k - 1 - b)) * cin * cout;
                    int dst = (a * k + b) * cout * cin;
                    for (int ci = 0; ci < cin; ci++) {
                        for (int co = 0; co < cout; co++) f[dst + co * cin + ci] = p[src + ci * cout + co];
                    }
                }
            }
        }
        flippedStale = false;
    }

    private void prepare(Architecture next) {
        if (next.equals(architecture)) return;
        int layers = next.layerCount();
        delta = new float[layers][];
        paddedDelta = new float[layers][];
        flipped = new float[layers][];
        transposedPlans = new ConvPlan[layers];
        for (int l = 0; l < layers; l++) {
            delta[l] = new float[next.out(l).size() + Kernels.PAD];
            if (l > 0 && next.layer(l) instanceof LayerSpec.Conv conv) {
                Shape in = next.in(l);
                int side = conv.kernel() - 1;
                paddedDelta[l] = new float[(in.height() + side) * (in.width() + side) * conv.channels() + Kernels.PAD];
                transposedPlans[l] = new ConvPlan(in.height(), in.width(), conv.channels(), conv.kernel());
                flipped[l] = new float[conv.kernel() * conv.kernel() * in.channels() * conv.channels() + Kernels.PAD];
            }
        }
        inputGradient = new float[next.maxActivation() + Kernels.PAD];
        noBias = new float[next.maxActivation() + Kernels.PAD];
        architecture = next;
        flippedStale = true;
    }
}
