package dev.livedigits.nn;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a weights file says about its model besides the numbers: its version id, shape, accuracy on
 * the 10k MNIST test set, when and how it was trained.
 *
 * @param training the settings of the run that made it (hyper-parameters, augmentation, timing), in order
 */
public record ModelInfo(String id, int[] layers, double testAccuracy, Instant trainedAt, long seed,
                        Map<String, Object> training) {
    public ModelInfo {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
            throw new IllegalArgumentException("model id must be 1-80 letters, digits, '.', '_' or '-', got " + id);
        }
        layers = layers.clone();
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    }

    @Override public int[] layers() { return layers.clone(); }

    public ModelInfo withId(String newId) {
        return new ModelInfo(newId, layers, testAccuracy, trainedAt, seed, training);
    }

    public ModelInfo withTestAccuracy(double accuracy) {
        return new ModelInfo(id, layers, accuracy, trainedAt, seed, training);
    }

    @Override public boolean equals(Object o) {
        return o instanceof ModelInfo m && id.equals(m.id) && Arrays.equals(layers, m.layers)
                && Double.compare(testAccuracy, m.testAccuracy) == 0 && trainedAt.equals(m.trainedAt)
                && seed == m.seed && training.equals(m.training);
    }

    @Override public int hashCode() { return id.hashCode(); }
}
