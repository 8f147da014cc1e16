package dev.livedigits.nn;

/**
 * The network's hot loops, dispatched once to the Vector API versions when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, otherwise to the plain-Java versions.
 *
 * <p>{@link #VECTORIZED} is a static final, so the JIT folds the branch away; the vector class is
 * never loaded when the module is absent. Every array handed to these methods must have
 * {@link #PAD} floats of slack past the part in use (see {@link VectorKernels}).
 */
public final class Kernels {
    /** Slack in floats that parameter, gradient and activation arrays carry past their used length. */
    public static final int PAD = 64;
    /** True when the Vector API kernels are in use (property {@code livedigits.scalar=true} forces plain Java). */
    public static final boolean VECTORIZED = detectVectorApi();

    private Kernels() {}

    private static boolean detectVectorApi() {
        if (Boolean.getBoolean("livedigits.scalar")) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            // Lanes must fit the padding; a 2048-bit machine is hypothetical, but cheap to guard.
            return VectorKernels.L <= PAD && VectorKernels.PAD == PAD;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** One line for start-up logs and benchmark headers. */
    public static String describe() {
        return VECTORIZED
                ? "vector kernels (" + VectorKernels.L + " float lanes)"
                : "plain-Java kernels (start java with --add-modules jdk.incubator.vector for the fast ones)";
    }

    /**
     * {@code z[0..out) = start[startOff..startOff+out) + sum_{k in [from, to)} val[k] * W[idx[k], :]}
     * over the non-zero inputs only. {@code start} is the bias for a whole layer, or {@code z} itself
     * to go on from an earlier range of rows; either way each output is summed in the order of {@code k},
     * so cutting the rows into ranges gives bit-identical outputs.
     */
    static void affineSparse(float[] p, int wOff, float[] start, int startOff, int out, int[] idx, float[] val, int from, int to, float[] z) {
        if (VECTORIZED) VectorKernels.affineSparse(p, wOff, start, startOff, out, idx, val, from, to, z);
        else ScalarKernels.affineSparse(p, wOff, start, startOff, out, idx, val, from, to, z);
    }

    /** {@code G[idx[k], :] += val[k] * dz} for {@code k in [from, to)}: a sample's weight gradient, rows of non-zero inputs only. */
    static void accumulateOuter(float[] g, int wOff, int out, int[] idx, float[] val, int from, int to, float[] dz) {
        if (VECTORIZED) VectorKernels.accumulateOuter(g, wOff, out, idx, val, from, to, dz);
        else ScalarKernels.accumulateOuter(g, wOff, out, idx, val, from, to, dz);
    }

    /** {@code dzPrev[idx[k]] = W[idx[k], :] . dz} for {@code k in [from, to)}, the active inputs; {@code dz} zero past {@code out}. */
    static void backpropRows(float[] p, int wOff, int out, float[] dz, int[] idx, int from, int to, float[] dzPrev) {
        if (VECTORIZED) VectorKernels.backpropRows(p, wOff, out, dz, idx, from, to, dzPrev);
        else ScalarKernels.backpropRows(p, wOff, out, dz, idx, from, to, dzPrev);
    }

    static void add(float[] g, int off, float[] dz, int n) {
        if (VECTORIZED) VectorKernels.add(g, off, dz, n);
        else ScalarKernels.add(g, off, dz, n);
    }

    /** Added to a value in [0, 2^22) it leaves that value rounded to an integer in the float's low mantissa bits. */
    static final float ROUNDING_MAGIC = 8388608f; // 2^23

    /**
     * {@code bits[i] & 0xff = round(max(a[i], 0) * scale)} for results in 0..255, rounded to nearest (ties to
     * even): the bits of {@code max(a[i], 0) * scale + 2^23}, one fused multiply-add. Why not a float-to-int
     * conversion: Java 17's Vector API has no fast one (measured slower than the plain loop), while this is
     * a multiply-add and a free reinterpretation; both kernels compute exactly the same bits.
     */
    static void roundScaled(float[] a, int n, float scale, int[] bits) {
        if (VECTORIZED) VectorKernels.roundScaled(a, n, scale, bits);
        else ScalarKernels.roundScaled(a, n, scale, bits);
    }

    /** {@code max(0, a[0..n))}: the largest value, or 0 if none is positive (a ReLU layer's maximum). */
    static float maxOrZero(float[] a, int n) {
        return VECTORIZED ? VectorKernels.maxOrZero(a, n) : ScalarKernels.maxOrZero(a, n);
    }

    /** Adds the gradient buffers of threads 1.. into buffer 0 over {@code [from, to)}, zeroing them. */
    static void foldGradients(float[][] grads, int from, int to) {
        if (VECTORIZED) VectorKernels.foldGradients(grads, from, to);
        else ScalarKernels.foldGradients(grads, from, to);
    }

    /** One Adam step over {@code [from, to)} from the (folded) gradient {@code g}, which it zeroes. */
    static void adam(float[] w, float[] m, float[] v, float[] g, int from, int to,
                     float gradScale, float beta1, float beta2, float stepSize, float epsHat) {
        if (VECTORIZED) VectorKernels.adam(w, m, v, g, from, to, gradScale, beta1, beta2, stepSize, epsHat);
        else ScalarKernels.adam(w, m, v, g, from, to, gradScale, beta1, beta2, stepSize, epsHat);
    }

    /** One SGD-with-momentum step over {@code [from, to)} from the (folded) gradient {@code g}, which it zeroes. */
    static void sgdMomentum(float[] w, float[] velocity, float[] g, int from, int to,
                            float gradScale, float momentum, float lr) {
        if (VECTORIZED) VectorKernels.sgdMomentum(w, velocity, g, from, to, gradScale, momentum, lr);
        else ScalarKernels.sgdMomentum(w, velocity, g, from, to, gradScale, momentum, lr);
    }
}
