package dev.livedigits.data;

import dev.livedigits.nn.TrainingSamples;

/**
 * MNIST training images as the trainer consumes them: either normalized once, or — with
 * augmentation — distorted afresh every epoch through the same {@link Normalizer} the server uses,
 * with randomness drawn from (seed, epoch, index) so any thread renders the same sample alike.
 */
public final class TrainingSet implements TrainingSamples {
    private final LabeledImages raw;
    private final LabeledImages normalized;
    private final Augmenter.Settings augmentation;
    private final long seed;

    private TrainingSet(LabeledImages raw, Augmenter.Settings augmentation, long seed) {
        this.raw = raw;
        this.augmentation = augmentation;
        this.seed = seed;
        this.normalized = augmentation == null ? Normalization.normalizeAll(raw) : null;
    }

    /** Normalized once, the same images every epoch. */
    public static TrainingSet plain(LabeledImages raw) {
        return new TrainingSet(raw, null, 0);
    }

    /** A fresh random distortion of every image in every epoch. */
    public static TrainingSet augmented(LabeledImages raw, Augmenter.Settings settings, long seed) {
        return new TrainingSet(raw, settings, seed);
    }

    @Override
    public int count() {
        return raw.count();
    }

    @Override
    public int label(int index) {
        return raw.label(index);
    }

    @Override
    public Renderer newRenderer() {
        if (augmentation == null) {
            byte[] pixels = normalized.pixels();
            int size = normalized.imageSize();
            return (index, epoch, out, offset) -> System.arraycopy(pixels, index * size, out, offset, size);
        }
        Augmenter augmenter = new Augmenter(augmentation);
        byte[] pixels = raw.pixels();
        return (index, epoch, out, offset) ->
                augmenter.augment(pixels, raw.offset(index), Augmenter.sampleSeed(seed, epoch, index), out, offset);
    }
}
