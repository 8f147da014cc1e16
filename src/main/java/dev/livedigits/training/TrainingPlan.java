package dev.livedigits.training;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.nn.TrainingConfig;

/**
 * Everything one training run needs besides MNIST itself: the network and optimizer settings and
 * the data recipe. Bounded like the rest, each violation naming its field.
 *
 * @param trainingImages how many MNIST training images to use (the first n)
 * @param augment        distort every image afresh each epoch (affine, elastic, pen width)
 * @param drawnSamples   drawn digits added per epoch, each freshly drawn in a random style
 * @param userSamples    the users' labelled samples (normalized 28×28), possibly none
 * @param userSampleWeight how many times each user sample is seen per epoch
 */
public record TrainingPlan(TrainingConfig config, int trainingImages, boolean augment, int drawnSamples,
                           LabeledImages userSamples, int userSampleWeight) {
    public static final int MAX_DRAWN_SAMPLES = 60_000;
    /** A tenth of MNIST: enough to teach the styles it lacks without outweighing it (measured on the drawn check). */
    public static final int DEFAULT_DRAWN_SAMPLES = 6_000;
    public static final LabeledImages NO_SAMPLES = new LabeledImages(0, 28, new byte[0], new byte[0]);

    public TrainingPlan {
        if (trainingImages < 1) throw new IllegalArgumentException("trainingImages: must be at least 1, got " + trainingImages);
        if (drawnSamples < 0 || drawnSamples > MAX_DRAWN_SAMPLES) {
            throw new IllegalArgumentException("drawnSamples: must be in 0.." + MAX_DRAWN_SAMPLES + ", got " + drawnSamples);
        }
        if (userSampleWeight < 1 || userSampleWeight > 100) {
            throw new IllegalArgumentException("userSampleWeight: must be in 1..100, got " + userSampleWeight);
        }
    }
}
