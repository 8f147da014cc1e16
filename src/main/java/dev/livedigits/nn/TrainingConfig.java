package dev.livedigits.nn;

import java.util.Arrays;

/**
 * Hyper-parameters of one training run, with the bounds that keep a request from exhausting the
 * machine. Every violation names the field, so the CLI and the admin API can hand it to the user.
 */
public record TrainingConfig(int[] conv, int kernel, int[] hidden, int epochs, int batchSize, float learningRate, String optimizer,
                             float momentum, String schedule, long seed, int threads, float dropout, float labelSmoothing) {
    public static final int MAX_EPOCHS = 100;
    public static final int MAX_HIDDEN_LAYERS = 4;
    public static final int MAX_HIDDEN_SIZE = 2048;
    /** 28 → 14 → 7 → 3: a fourth pool would leave one pixel. */
    public static final int MAX_CONV_LAYERS = 3;
    public static final int MAX_CONV_CHANNELS = 256;
    /** What the network sees: one normalized 28×28 grayscale digit. */
    public static final Shape INPUT = new Shape(1, 28, 28);
    public static final int CLASSES = 10;
    public static final int MAX_BATCH = 4096;
    public static final int MAX_THREADS = 64;
    public static final float MAX_DROPOUT = 0.9f;
    public static final float MAX_LABEL_SMOOTHING = 0.5f;

    public TrainingConfig {
        conv = conv.clone();
        hidden = hidden.clone();
        if (conv.length > MAX_CONV_LAYERS) {
            throw new IllegalArgumentException("conv: at most " + MAX_CONV_LAYERS + " convolution layers, got " + conv.length);
        }
        for (int c : conv) {
            if (c < 1 || c > MAX_CONV_CHANNELS) {
                throw new IllegalArgumentException("conv: channels must be in 1.." + MAX_CONV_CHANNELS + ", got " + c);
            }
        }
        if (kernel < 1 || kernel > 7 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel: must be 1, 3, 5 or 7, got " + kernel);
        }
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
        if (!(dropout >= 0f && dropout <= MAX_DROPOUT)) {
            throw new IllegalArgumentException("dropout: must be in [0, " + MAX_DROPOUT + "], got " + dropout);
        }
        if (!(labelSmoothing >= 0f && labelSmoothing <= MAX_LABEL_SMOOTHING)) {
            throw new IllegalArgumentException("labelSmoothing: must be in [0, " + MAX_LABEL_SMOOTHING + "], got " + labelSmoothing);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads: must be in 1.." + MAX_THREADS + ", got " + threads);
        }
    }

    /** The shipped model's architecture: what `train` and the admin job build unless told otherwise. */
    private static final int[] SHIPPED_CONV = {16, 32};
    public static final int SHIPPED_KERNEL = 3;
    private static final int[] SHIPPED_HIDDEN = {128};
    /**
     * Dropout on the dense layers' inputs in the shipped recipe: it took the shipped CNN from 99.51% to
     * 99.60% on MNIST (README, "The shipped model"), where width, schedules and averaging did not.
     */
    public static final float SHIPPED_DROPOUT = 0.3f;

    /** The settings `train` uses when given no options. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(SHIPPED_CONV, SHIPPED_KERNEL, SHIPPED_HIDDEN, 10, 64, 2e-3f, "adam", 0.9f, "cosine", 42L,
                Runtime.getRuntime().availableProcessors(), SHIPPED_DROPOUT, 0f);
    }

    /**
     * The one rule for a requested architecture, for command-line flags and JSON fields alike ({@code null}
     * = not given): nothing → the shipped architecture; {@code hidden} alone → an MLP; {@code conv} (empty
     * = none) → that CNN, with {@code kernel} (default {@value #SHIPPED_KERNEL}) and {@code hidden}
     * (default the shipped dense layers).
     */
    public TrainingConfig withRequestedArchitecture(int[] c, Integer k, int[] h) {
        int[] convLayers = c != null ? c : h != null ? new int[0] : SHIPPED_CONV;
        return withArchitecture(convLayers, k != null ? k : SHIPPED_KERNEL, h != null ? h : SHIPPED_HIDDEN);
    }

    public TrainingConfig withArchitecture(int[] c, int k, int[] h) { return new TrainingConfig(c, k, h, epochs, batchSize, learningRate, optimizer, momentum, schedule, seed, threads, dropout, labelSmoothing); }
    public TrainingConfig withHidden(int... h) { return new TrainingConfig(conv, kernel, h, epochs, batchSize, learningRate, optimizer, momentum, schedule, seed, threads, dropout, labelSmoothing); }
    public TrainingConfig withEpochs(int e) { return new TrainingConfig(conv, kernel, hidden, e, batchSize, learningRate, optimizer, momentum, schedule, seed, threads, dropout, labelSmoothing); }
    public TrainingConfig withBatchSize(int b) { return new TrainingConfig(conv, kernel, hidden, epochs, b, learningRate, optimizer, momentum, schedule, seed, threads, dropout, labelSmoothing); }
    public TrainingConfig withLearningRate(float lr) { return new TrainingConfig(conv, kernel, hidden, epochs, batchSize, lr, optimizer, momentum, schedule, seed, threads, dropout, labelSmoothing); }
    public TrainingConfig withOptimizer(String o) { return new TrainingConfig(conv, kernel, hidden, epochs, batchSize, learningRate, o, momentum, schedule, seed, threads, dropout, labelSmoothing); }
    public TrainingConfig withSeed(long s) { return new TrainingConfig(conv, kernel, hidden, epochs, batchSize, learningRate, optimizer, momentum, schedule, s, threads, dropout, labelSmoothing); }
    public TrainingConfig withRegularization(float d, float ls) { return new TrainingConfig(conv, kernel, hidden, epochs, batchSize, learningRate, optimizer, momentum, schedule, seed, threads, d, ls); }
    public TrainingConfig withThreads(int t) { return new TrainingConfig(conv, kernel, hidden, epochs, batchSize, learningRate, optimizer, momentum, schedule, seed, t, dropout, labelSmoothing); }

    /** The network these settings train: conv+pool per {@code conv} entry, then {@code hidden}, then the ten classes. */
    public Architecture architecture() {
        return Architecture.cnn(INPUT, conv, kernel, hidden, CLASSES);
    }

    @Override public int[] conv() { return conv.clone(); }
    @Override public int[] hidden() { return hidden.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof TrainingConfig c && Arrays.equals(conv, c.conv) && kernel == c.kernel && Arrays.equals(hidden, c.hidden) && epochs == c.epochs && batchSize == c.batchSize
                && learningRate == c.learningRate && optimizer.equals(c.optimizer) && momentum == c.momentum
                && schedule.equals(c.schedule) && seed == c.seed && threads == c.threads
                && dropout == c.dropout && labelSmoothing == c.labelSmoothing;
    }

    @Override public int hashCode() { return Arrays.hashCode(hidden) * 31 + Long.hashCode(seed); }

    @Override public String toString() {
        return "architecture=" + architecture().describe() + " epochs=" + epochs + " batch=" + batchSize + " lr=" + learningRate
                + " optimizer=" + optimizer + (optimizer.equals("sgd") ? " momentum=" + momentum : "")
                + " schedule=" + schedule
                + (dropout > 0f ? " dropout=" + dropout : "") + (labelSmoothing > 0f ? " labelSmoothing=" + labelSmoothing : "")
                + " seed=" + seed + " threads=" + threads;
    }
}
