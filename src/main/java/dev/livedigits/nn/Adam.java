package dev.livedigits.nn;

/**
 * Adam (Kingma and Ba), with bias correction folded into the step size:
 * {@code w -= lr·sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε·sqrt(1-β2^t))}, which is algebraically the
 * textbook {@code lr · m̂ / (sqrt(v̂) + ε)} but needs no per-element division by the corrections.
 */
final class Adam implements Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[] m;
    private final float[] v;
    private long step;
    private float stepSize;
    private float epsHat;

    Adam(int parameterCount, float beta1, float beta2, float epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new float[parameterCount + Kernels.PAD];
        this.v = new float[parameterCount + Kernels.PAD];
    }

    @Override
    public void beginStep(float learningRate) {
        step++;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = Math.sqrt(1 - Math.pow(beta2, step));
        stepSize = (float) (learningRate * c2 / c1);
        epsHat = (float) (epsilon * c2);
    }

    @Override
    public void apply(float[] params, float[][] grads, int from, int to, float gradScale) {
        Kernels.foldGradients(grads, from, to);
        Kernels.adam(params, m, v, grads[0], from, to, gradScale, beta1, beta2, stepSize, epsHat);
    }

    @Override
    public String name() { return "adam"; }
}
