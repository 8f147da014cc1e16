package dev.livedigits.nn;

/**
 * The convolution and pooling loops, dispatched to the Vector API versions when the module is
 * present and the channel count is a multiple of the vector length (16 and 32 channels on this
 * machine), otherwise to the plain-Java versions.
 *
 * <p>Layouts, shared by both versions:
 * <ul>
 *   <li>activations channels-last: {@code a[(y * width + x) * c + ch]};</li>
 *   <li>a convolution's input is zero-padded by {@code k/2} on every side, so its row is
 *       {@code width + k - 1} pixels and no loop tests for a border;</li>
 *   <li>weights {@code w[wOff + ((ky * k + kx) * cin + ci) * cout + co]}, biases {@code w[bOff + co]}.</li>
 * </ul>
 * Arrays carry {@link Kernels#PAD} floats of slack past their used length.
 */
final class ConvKernels {
    /** The floor that leaves {@link #forward}'s output as it is. */
    static final float LINEAR = Float.NEGATIVE_INFINITY;
    static final float RELU = 0f;

    private ConvKernels() {}

    private static boolean vectorFor(int channels) {
        return Kernels.VECTORIZED && channels % VectorKernels.L == 0;
    }

    /** {@code max(floor, bias + conv(in, w))}: a floor of 0 is ReLU, {@link #LINEAR} is none. */
    static void forward(float[] in, ConvPlan plan, float[] w, int wOff, float[] bias, int bOff, int cout,
                        float floor, float[] out) {
        if (vectorFor(cout)) VectorConvKernels.forward(in, plan, w, wOff, bias, bOff, cout, floor, out);
        else ScalarConvKernels.forward(in, plan, w, wOff, bias, bOff, cout, floor, out);
    }

    /** Adds the weight and bias gradients of one sample, given the padded input and {@code dz} (compact). */
    static void weightGradient(float[] in, ConvPlan plan, float[] dz, int cout, float[] g, int wOff, int bOff) {
        if (vectorFor(cout)) VectorConvKernels.weightGradient(in, plan, dz, cout, g, wOff, bOff);
        else ScalarConvKernels.weightGradient(in, plan, dz, cout, g, wOff, bOff);
    }

    /** 2×2 max-pooling, stride 2. */
    static void maxPool(float[] in, int h, int width, int c, float[] out) {
        if (vectorFor(c)) VectorConvKernels.maxPool(in, h, width, c, out);
        else ScalarConvKernels.maxPool(in, h, width, c, out);
    }

    /**
     * Routes each output's gradient to the input that won the max (the first in row-major order on a
     * tie, as PyTorch does), and only where the max was positive: the inputs are ReLU outputs, so this
     * also applies the ReLU derivative of the convolution below. Writes all of {@code dIn}.
     */
    static void maxPoolBackward(float[] in, float[] out, float[] dOut, int h, int width, int c, float[] dIn) {
        if (vectorFor(c)) VectorConvKernels.maxPoolBackward(in, out, dOut, h, width, c, dIn);
        else ScalarConvKernels.maxPoolBackward(in, out, dOut, h, width, c, dIn);
    }
}
