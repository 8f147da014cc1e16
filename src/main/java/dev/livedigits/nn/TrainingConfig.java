package dev.livedigits.nn;

import java.util.Arrays;

/**
 * Hyper-parameters of one training run, with the bounds that keep a request from exhausting the
 * machine. Every violation names the field, so the CLI and the admin API can hand it to the user.
 */
public record TrainingConfig(int[] hidden, int epochs, int batchSize, float learningRate, String optimizer,
                             float momentum, String schedule, long seed, int threads) {
    public static final int MAX_EPOCHS = 100;
    public static final int MAX_HIDDEN_LAYERS = 4;
    public static final int MAX_HIDDEN_SIZE = 2048;
    public static final int MAX_BATCH = 4096;
    public static final int MAX_THREADS = 64;

    public TrainingConfig {
        hidden = hidden.clone();
        if (hidden.length > MAX_HIDDEN_LAYERS) {
            throw new IllegalArgumentException("hidden: at most " + MAX_HIDDEN_LAYERS + " hidden layers, got " + hidden.length);
        }
        for (int h : hidden) {
            if (h < 1 || h > MAX_HIDDEN_SIZE) {
                throw new IllegalArgumentException("hidden: sizes must be in 1.." + MAX_HIDDEN_SIZE + ", got " + h);
            }
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs: must be in 1.." + MAX_EPOCHS + ", got " + epochs);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize: must be in 1.." + MAX_BATCH + ", got " + batchSize);
        }
        if (!(learningRate > 0f && learningRate <= 1f)) {
            throw new IllegalArgumentException("learningRate: must be in (0, 1], got " + learningRate);
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer: must be adam or sgd, got " + optimizer);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum: must be in [0, 1), got " + momentum);
        }
        LearningRateSchedule.named(schedule, learningRate);
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads: must be in 1.." + MAX_THREADS + ", got " + threads);
        }
    }

    /** The settings `train` uses when given no options. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(new int[] {256, 128}, 10, 64, 2e-3f, "adam", 0.9f, "cosine", 42L,
                Runtime.getRuntime().availableProcessors());
    }

    public TrainingConfig withHidden(int... h) { return new TrainingConfig(h, epochs, batchSize, learningRate, optimizer, momentum, schedule, seed, threads); }
    public TrainingConfig withEpochs(int e) { return new TrainingConfig(hidden, e, batchSize, learningRate, optimizer, momentum, schedule, seed, threads); }
    public TrainingConfig withBatchSize(int b) { return new TrainingConfig(hidden, epochs, b, learningRate, optimizer, momentum, schedule, seed, threads); }
    public TrainingConfig withLearningRate(float lr) { return new TrainingConfig(hidden, epochs, batchSize, lr, optimizer, momentum, schedule, seed, threads); }
    public TrainingConfig withOptimizer(String o) { return new TrainingConfig(hidden, epochs, batchSize, learningRate, o, momentum, schedule, seed, threads); }
    public TrainingConfig withSeed(long s) { return new TrainingConfig(hidden, epochs, batchSize, learningRate, optimizer, momentum, schedule, s, threads); }
    public TrainingConfig withThreads(int t) { return new TrainingConfig(hidden, epochs, batchSize, learningRate, optimizer, momentum, schedule, seed, t); }

    /** The full layer sizes for a given input and output width. */
    public Layout layout(int inputs, int outputs) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputs;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = outputs;
        return new Layout(sizes);
    }

    @Override public int[] hidden() { return hidden.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof TrainingConfig c && Arrays.equals(hidden, c.hidden) && epochs == c.epochs && batchSize == c.batchSize
                && learningRate == c.learningRate && optimizer.equals(c.optimizer) && momentum == c.momentum
                && schedule.equals(c.schedule) && seed == c.seed && threads == c.threads;
    }

    @Override public int hashCode() { return Arrays.hashCode(hidden) * 31 + Long.hashCode(seed); }

    @Override public String toString() {
        return "hidden=" + Arrays.toString(hidden) + " epochs=" + epochs + " batch=" + batchSize + " lr=" + learningRate
                + " optimizer=" + optimizer + (optimizer.equals("sgd") ? " momentum=" + momentum : "")
                + " schedule=" + schedule + " seed=" + seed + " threads=" + threads;
    }
}
