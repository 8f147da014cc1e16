package dev.livedigits.data;

import dev.livedigits.nn.TrainingSamples;

/**
 * MNIST plus the users' labelled samples, each user sample repeated {@code weight} times per epoch
 * (oversampling: a few hundred drawings would otherwise drown among 60,000 MNIST digits). Both
 * parts go through the same augmentation; user samples are already normalized, and the augmenter
 * re-normalizes its output, so they are treated exactly like MNIST digits.
 */
public final class MixedTrainingSet implements TrainingSamples {
    private final TrainingSamples mnist;
    private final TrainingSamples user;
    private final int userCount;
    private final int weight;

    public MixedTrainingSet(TrainingSamples mnist, TrainingSamples user, int weight) {
        if (weight < 1) throw new IllegalArgumentException("user sample weight must be at least 1, got " + weight);
        this.mnist = mnist;
        this.user = user;
        this.userCount = user.count();
        this.weight = weight;
    }

    @Override
    public int count() {
        return mnist.count() + userCount * weight;
    }

    @Override
    public int label(int index) {
        return index < mnist.count() ? mnist.label(index) : user.label((index - mnist.count()) % userCount);
    }

    @Override
    public Renderer newRenderer() {
        Renderer a = mnist.newRenderer();
        Renderer b = userCount == 0 ? null : user.newRenderer();
        int split = mnist.count();
        // Each repetition of a user sample is a separate index, so each gets its own distortion.
        return (index, epoch, out, offset) -> {
            if (index < split) a.render(index, epoch, out, offset);
            else b.render((index - split) % userCount, epoch * weight + (index - split) / userCount, out, offset);
        };
    }
}
