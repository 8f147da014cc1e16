package dev.livedigits.nn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrainerTest {
    private static final SyntheticDigits TRAIN = new SyntheticDigits(3000, 1);
    private static final SyntheticDigits TEST = new SyntheticDigits(1000, 2);

    private static TrainingConfig config(int threads) {
        return TrainingConfig.defaults().withArchitecture(new int[] {16, 32}, 3, new int[] {32}).withEpochs(2).withBatchSize(32).withThreads(threads).withSeed(5);
    }

    private static Network train(TrainingConfig config, List<EpochStats> epochs) {
        Trainer trainer = new Trainer(config, TRAIN.samples());
        return trainer.train(trainer.initialNetwork(), (stats, snapshot) -> epochs.add(stats), () -> false);
    }

    @Test
    @DisplayName("the same seed and thread count give bit-identical weights, CNN and MLP")
    void deterministic() {
        for (int threads : new int[] {1, 2}) {
            Network a = train(config(threads), new ArrayList<>());
            Network b = train(config(threads), new ArrayList<>());
            assertArrayEquals(a.parameters(), b.parameters(), "threads=" + threads);
            TrainingConfig mlp = config(threads).withArchitecture(new int[0], 3, new int[] {32});
            assertArrayEquals(train(mlp, new ArrayList<>()).parameters(), train(mlp, new ArrayList<>()).parameters(), "MLP, threads=" + threads);
            // A step of 100 samples: more than one slice per thread; with and without dropout.
            for (float dropout : new float[] {0f, 0.3f}) {
                TrainingConfig big = config(threads).withBatchSize(100).withRegularization(dropout, 0.1f);
                assertArrayEquals(train(big, new ArrayList<>()).parameters(), train(big, new ArrayList<>()).parameters(),
                        "batch 100, dropout " + dropout + ", threads=" + threads);
            }
        }
        assertFalse(java.util.Arrays.equals(train(config(2), new ArrayList<>()).parameters(),
                train(config(2).withSeed(6), new ArrayList<>()).parameters()), "another seed, other weights");
    }

    @Test
    @DisplayName("Adam and SGD with momentum both learn, loss falls, and every epoch is reported")
    void learns() {
        for (String optimizer : new String[] {"adam", "sgd"}) {
            List<EpochStats> epochs = new ArrayList<>();
            TrainingConfig config = config(2).withOptimizer(optimizer).withLearningRate(optimizer.equals("sgd") ? 0.05f : 2e-3f).withEpochs(3);
            Network network = train(config, epochs);
            assertEquals(3, epochs.size());
            assertTrue(epochs.get(2).loss() < epochs.get(0).loss(), optimizer + " loss falls: " + epochs);
            try (Evaluator evaluator = new Evaluator(2)) {
                double accuracy = evaluator.evaluate(network, TEST.images, TEST.labels, TEST.count).accuracy();
                assertTrue(accuracy > 0.95, optimizer + " accuracy " + accuracy);
            }
        }
    }

    @Test
    @DisplayName("cancellation stops training within one mini-batch, whenever it comes")
    void cancels() {
        // Many repetitions: a cancel that only one thread notices would leave the other at a barrier.
        for (int when = 1; when <= 180; when += 7) { // 188 steps in the run
            AtomicInteger polls = new AtomicInteger();
            int at = when;
            Trainer trainer = new Trainer(config(2), TRAIN.samples());
            assertThrows(Trainer.CancelledException.class,
                    () -> trainer.train(trainer.initialNetwork(), (s, n) -> {}, () -> polls.incrementAndGet() >= at));
            assertEquals(at, polls.get(), "stopped at the first poll that said cancel");
        }
    }

    @Test
    @DisplayName("a failure in one training thread surfaces instead of hanging the others")
    void failureSurfaces() {
        TrainingSamples broken = new TrainingSamples() {
            @Override public int count() { return 500; }
            @Override public int label(int index) { return 0; }
            @Override public Renderer newRenderer() {
                return (index, epoch, out, offset) -> {
                    if (index == 321) throw new IllegalStateException("sample 321 is unreadable");
                };
            }
        };
        Trainer trainer = new Trainer(config(2), broken);
        RuntimeException e = assertThrows(RuntimeException.class, () -> trainer.train(trainer.initialNetwork(), (s, n) -> {}, () -> false));
        assertTrue(e.getMessage().contains("321") || e.getMessage().contains("another training thread failed"), e.getMessage());
    }

    @Test
    @DisplayName("out-of-range training parameters are refused with the field's name")
    void boundsNameTheField() {
        TrainingConfig base = TrainingConfig.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withEpochs(0)).getMessage().startsWith("epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withEpochs(101)).getMessage().startsWith("epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withHidden(2049)).getMessage().startsWith("hidden"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withHidden(8, 8, 8, 8, 8)).getMessage().startsWith("hidden"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withBatchSize(4097)).getMessage().startsWith("batchSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withLearningRate(0f)).getMessage().startsWith("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withLearningRate(1.5f)).getMessage().startsWith("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withLearningRate(Float.NaN)).getMessage().startsWith("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withOptimizer("rmsprop")).getMessage().startsWith("optimizer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withArchitecture(new int[] {8, 8, 8, 8}, 3, new int[0])).getMessage().startsWith("conv"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withArchitecture(new int[] {257}, 3, new int[0])).getMessage().startsWith("conv"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withArchitecture(new int[] {8}, 4, new int[0])).getMessage().startsWith("kernel"));
    }
}
