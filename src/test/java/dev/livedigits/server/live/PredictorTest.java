package dev.livedigits.server.live;

import dev.livedigits.Allocations;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.ServerMetrics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictorTest {
    private static final int FRAMES = 50;

    @Test
    @DisplayName("?input=1&activations=1 add nothing to a prediction's garbage but their part of the reply string")
    void extrasAllocateOnlyTheirReplyText() throws Exception {
        ModelRegistry registry = new ModelRegistry(new ModelDirectory(Path.of("weights")));
        registry.loadActive();
        Predictor predictor = new Predictor(registry, new ServerMetrics(() -> ""));
        LabeledImages test = MnistDataset.load(MnistDataset.defaultDir()).test();

        long[] plain = garbagePerFrame(predictor, test, false);
        long[] extras = garbagePerFrame(predictor, test, true);
        assertTrue(extras[1] > 6000, "replies carry the activations: " + extras[1] + " chars each");
        // Beside the reply, the path allocates what it did without extras (metrics, number formatting), within a few bytes.
        assertTrue(extras[0] <= plain[0] + 8, "per frame, beyond the reply: " + extras[0] + " bytes with extras, " + plain[0] + " without");
    }

    /** {bytes allocated per frame beyond the reply's characters, reply characters per frame}, once the path is compiled. */
    private static long[] garbagePerFrame(Predictor predictor, LabeledImages test, boolean extras) {
        Frame[] frames = new Frame[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            byte[] pixels = new byte[784];
            System.arraycopy(test.pixels(), test.offset(i), pixels, 0, 784);
            frames[i] = new Frame(pixels, 28, i + 1, extras, extras);
        }
        for (int warm = 0; warm < 3000; warm++) predictor.predict(frames[warm % FRAMES]);
        long[] chars = {0};
        long allocated = Allocations.allocatedBytes(() -> {
            for (Frame f : frames) chars[0] += predictor.predict(f).length();
        });
        return new long[] {(allocated - chars[0]) / FRAMES, chars[0] / FRAMES};
    }
}
