package dev.livedigits.nn;

/**
 * How summed gradients become a parameter update. The trainer calls {@link #beginStep} once per
 * mini-batch from one thread, then {@link #apply} from every training thread on disjoint slices of
 * the parameter array; {@code apply} also zeroes the gradient buffers it consumed, so the next
 * step starts clean without a separate pass over memory.
 */
public interface Optimizer {
    void beginStep(float learningRate);

    void apply(float[] params, float[][] grads, int from, int to, float gradScale);

    String name();

    /** Adam with the usual betas (0.9, 0.999) and epsilon 1e-8. */
    static Optimizer adam(int parameterCount) {
        return new Adam(parameterCount, 0.9f, 0.999f, 1e-8f);
    }

    /** Plain SGD with (heavy-ball) momentum. */
    static Optimizer sgdMomentum(int parameterCount, float momentum) {
        return new SgdMomentum(parameterCount, momentum);
    }
}
