package dev.livedigits.nn;

import java.util.SplittableRandom;

/** A small learnable stand-in for MNIST: each class is a noisy blob at its own place on a 28×28 grid. */
final class SyntheticDigits {
    final byte[] images;
    final byte[] labels;
    final int count;

    SyntheticDigits(int count, long seed) {
        this.count = count;
        images = new byte[count * 784];
        labels = new byte[count];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            int cx = 6 + (label % 5) * 4 + random.nextInt(3) - 1;
            int cy = 8 + (label / 5) * 10 + random.nextInt(3) - 1;
            for (int y = -3; y <= 3; y++) {
                for (int x = -3; x <= 3; x++) {
                    if (random.nextInt(4) == 0) continue;
                    images[i * 784 + (cy + y) * 28 + cx + x] = (byte) (128 + random.nextInt(128));
                }
            }
        }
    }

    TrainingSamples samples() {
        return TrainingSamples.fixed(images, labels, count, 784);
    }
}
