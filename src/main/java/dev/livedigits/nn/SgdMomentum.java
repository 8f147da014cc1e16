package dev.livedigits.nn;

/** Stochastic gradient descent with heavy-ball momentum: {@code v = μv + g; w -= lr·v}. */
final class SgdMomentum implements Optimizer {
    private final float momentum;
    private final float[] velocity;
    private float learningRate;

    SgdMomentum(int parameterCount, float momentum) {
        this.momentum = momentum;
        this.velocity = new float[parameterCount + Kernels.PAD];
    }

    @Override
    public void beginStep(float learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public void apply(float[] params, float[][] grads, int from, int to, float gradScale) {
        Kernels.foldGradients(grads, from, to);
        Kernels.sgdMomentum(params, velocity, grads[0], from, to, gradScale, momentum, learningRate);
    }

    @Override
    public String name() { return "sgd"; }
}
