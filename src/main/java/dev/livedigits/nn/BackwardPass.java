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
 * The flipped copy ({@link FlippedKernels}) is rebuilt only after {@link #weightsChanged()} (once per
 * mini-batch).
 */
public final class BackwardPass {
    private final ForwardPass forward;
    private Architecture architecture;
    private float[][] delta;
    private float[][] paddedDelta;
    /** The input gradient's convolution: same pixels, the layer's output channels as its input. */
    private ConvPlan[] transposedPlans;
    private float[] inputGradient;
    /** Zeros: the input gradient's convolution has no bias. */
    private float[] noBias;
    private final FlippedKernels flipped;
    private Network network;

    public BackwardPass(ForwardPass forward) {
        this(forward, new FlippedKernels());
    }

    /** A backward pass that shares its flipped kernels with the others of the same thread. */
    BackwardPass(ForwardPass forward, FlippedKernels flipped) {
        this.forward = forward;
        this.flipped = flipped;
    }

    /** The parameters changed in place (an optimizer step): derived copies must be rebuilt. */
    public void weightsChanged() {
        flipped.weightsChanged();
    }

    /**
     * Adds the gradient of the loss of {@code forward}'s last run against {@code label} to {@code grad}
     * ({@code parameterCount + Kernels.PAD} long). {@code network} must be the one that run used.
     */
    public void accumulate(Network network, int label, float[] grad) {
        accumulate(network, label, 0f, grad);
    }

    /**
     * The same against a label smoothed by {@code smoothing}: the target puts {@code 1 - smoothing}
     * on the label and spreads {@code smoothing} evenly over all classes.
     */
    void accumulate(Network network, int label, float smoothing, float[] grad) {
        begin(network, label, smoothing);
        float[] p = network.paddedParameters();
        for (int l = architecture.layerCount() - 1; l >= 0; l--) backwardLayer(p, l, grad);
    }

    /**
     * Starts a backward pass layer by layer ({@link #backwardLayer}, top layer first): the loss
     * gradient at the output, against {@code label} smoothed by {@code smoothing}.
     */
    void begin(Network network, int label, float smoothing) {
        prepare(forward.architecture());
        this.network = network;
        float[] probabilities = forward.probabilities();
        float[] d = delta[architecture.layerCount() - 1];
        float spread = smoothing / architecture.outputSize();
        for (int j = 0; j < architecture.outputSize(); j++) d[j] = probabilities[j] - spread;
        d[label] -= 1f - smoothing;
    }

    /** Layer {@code l}'s parameter gradient into {@code grad}, and {@code delta[l-1]} from {@code delta[l]}. */
    void backwardLayer(float[] p, int l, float[] grad) {
        Shape in = architecture.in(l);
        LayerSpec layer = architecture.layer(l);
        if (layer instanceof LayerSpec.Dense) {
            denseBegin(l, grad);
            denseRows(p, l, 0, forward.sparseCount(l), grad);
            denseEnd(l);
        } else if (layer instanceof LayerSpec.Pool) {
            ConvKernels.maxPoolBackward(forward.layerOutput(l - 1), forward.layerOutput(l), delta[l],
                    in.height(), in.width(), in.channels(), delta[l - 1]);
        } else if (layer instanceof LayerSpec.Conv conv) {
            ConvKernels.weightGradient(forward.padded(l), forward.plan(l), delta[l], conv.channels(),
                    grad, architecture.weightOffset(l), architecture.biasOffset(l));
            if (l > 0) inputGradient(l, in, conv);
        }
    }

    // A dense layer's backward step in three parts, so a batch slice can run the middle one over
    // blocks of weight rows, sample after sample, while those rows are in cache.

    /** The bias gradient, and a cleared {@code delta[l-1]}. */
    void denseBegin(int l, float[] grad) {
        Kernels.add(grad, architecture.biasOffset(l), delta[l], architecture.out(l).size());
        if (l > 0) Arrays.fill(delta[l - 1], 0, architecture.in(l).size(), 0f);
    }

    /** The weight gradient and {@code delta[l-1]} for the sparse inputs {@code [from, to)}. */
    void denseRows(float[] p, int l, int from, int to, float[] grad) {
        int units = architecture.out(l).size();
        int wOff = architecture.weightOffset(l);
        int[] idx = forward.sparseIndices(l);
        Kernels.accumulateOuter(grad, wOff, units, idx, forward.sparseValues(l), from, to, delta[l]);
        if (l > 0) Kernels.backpropRows(p, wOff, units, delta[l], idx, from, to, delta[l - 1]);
    }

    /** Dropout's scale on the gradient of the inputs it kept (it dropped the rest, which stay zero). */
    void denseEnd(int l) {
        float scale = forward.inputScale(l);
        if (l == 0 || scale == 1f) return;
        int[] idx = forward.sparseIndices(l);
        float[] below = delta[l - 1];
        for (int k = 0, n = forward.sparseCount(l); k < n; k++) below[idx[k]] *= scale;
    }

    /** {@code delta[l-1]} from a convolution's {@code delta[l]}, through the ReLU of the layer below. */
    private void inputGradient(int l, Shape in, LayerSpec.Conv conv) {
        ForwardPass.copyIntoPadded(delta[l], in.height(), in.width(), conv.channels(), conv.padding(), paddedDelta[l]);
        ConvKernels.forward(paddedDelta[l], transposedPlans[l], flipped.layer(network, l), 0, noBias, 0, in.channels(),
                ConvKernels.LINEAR, inputGradient);
        float[] below = forward.layerOutput(l - 1);
        float[] d = delta[l - 1];
        for (int i = 0; i < in.size(); i++) d[i] = below[i] > 0f ? inputGradient[i] : 0f;
    }

    private void prepare(Architecture next) {
        if (next.equals(architecture)) return;
        int layers = next.layerCount();
        delta = new float[layers][];
        paddedDelta = new float[layers][];
        transposedPlans = new ConvPlan[layers];
        for (int l = 0; l < layers; l++) {
            delta[l] = new float[next.out(l).size() + Kernels.PAD];
            if (l > 0 && next.layer(l) instanceof LayerSpec.Conv conv) {
                Shape in = next.in(l);
                int side = conv.kernel() - 1;
                paddedDelta[l] = new float[(in.height() + side) * (in.width() + side) * conv.channels() + Kernels.PAD];
                transposedPlans[l] = new ConvPlan(in.height(), in.width(), conv.channels(), conv.kernel());
            }
        }
        inputGradient = new float[next.maxActivation() + Kernels.PAD];
        noBias = new float[next.maxActivation() + Kernels.PAD];
        architecture = next;
    }
}
