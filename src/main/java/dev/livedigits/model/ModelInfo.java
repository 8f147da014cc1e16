package dev.livedigits.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a weights file says about its model besides the network itself: its version id, accuracy on
 * the 10k MNIST test set, when and how it was trained. The shape lives in the network's
 * {@link dev.livedigits.nn.Architecture}, never here, so the two cannot disagree.
 *
 * @param training the settings of the run that made it (hyper-parameters, augmentation, timing), in order
 */
public record ModelInfo(String id, double testAccuracy, Instant trainedAt, long seed, Map<String, Object> training) {
    public ModelInfo {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
            throw new IllegalArgumentException("model id must be 1-80 letters, digits, '.', '_' or '-', got " + id);
        }
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    }
}
