package dev.livedigits.nn;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Mini-batch training on all the threads it is given.
 *
 * <p>Each mini-batch is cut into one contiguous slice per thread; each thread renders its samples,
 * runs forward and backward, and sums gradients into its own buffer. After a barrier, every thread
 * applies the optimizer to its own slice of the parameters, summing the per-thread buffers in a
 * fixed order (and zeroing them); a second barrier and the next batch begins. Nothing depends on
 * timing, so the same seed and thread count give bit-identical weights.
 *
 * <p>A trainer is used once; it is not thread-safe itself.
 */
public final class Trainer {
    /** Called after every epoch with the statistics and a snapshot of the network at that point. */
    public interface EpochListener {
        void onEpoch(EpochStats stats, Network snapshot);
    }

    /** Raised when training stops because the cancellation signal said so. */
    public static final class CancelledException extends RuntimeException {
        public CancelledException(int epoch) { super("training cancelled during epoch " + epoch); }
    }

    /**
     * Samples one {@link BatchSlice} call takes at most. Measured with `bench` on the peers' CNN: 32
     * (a whole thread's share of a 64-batch) made 2-thread training 16% slower, because 32 samples'
     * feature maps (about 8 MB per thread) no longer stay in cache between a sample's forward and
     * backward convolutions; 8 keeps them in cache and still shares each block of dense weights
     * among 8 samples. It also bounds the slice's buffers for the widest network the bounds allow.
     * A thread with more samples in a step takes them in several slices, in order.
     */
    static final int MAX_SLICE = 8;

    private final TrainingConfig config;
    private final TrainingSamples samples;

    public Trainer(TrainingConfig config, TrainingSamples samples) {
        this.config = config;
        this.samples = samples;
    }

    /** A new He-initialized network of the configured architecture. */
    public Network initialNetwork() {
        return Network.heInitialized(config.architecture(), config.seed());
    }

    /**
     * Trains from {@code start} (not modified) and returns the final snapshot. {@code cancelled} is
     * polled once per mini-batch; when it turns true, training stops and {@link CancelledException} is thrown.
     */
    public Network train(Network start, EpochListener listener, BooleanSupplier cancelled) {
        Architecture architecture = start.architecture();
        if (architecture.inputSize() != samples.imageSize()) {
            throw new IllegalArgumentException("network input is " + architecture.inputSize() + ", training images have " + samples.imageSize() + " pixels");
        }
        int threads = config.threads();
        int n = samples.count();
        if (n == 0) throw new IllegalArgumentException("no training samples");
        int batch = Math.min(config.batchSize(), n);
        int stepsPerEpoch = (n + batch - 1) / batch;
        long totalSteps = (long) stepsPerEpoch * config.epochs();

        float[] params = start.paddedParametersCopy();
        Network live = Network.adoptPadded(architecture, params);
        float[][] grads = new float[threads][params.length];
        Optimizer optimizer = config.optimizer().equals("sgd")
                ? Optimizer.sgdMomentum(architecture.parameterCount(), config.momentum())
                : Optimizer.adam(architecture.parameterCount());
        LearningRateSchedule schedule = LearningRateSchedule.named(config.schedule(), config.learningRate());
        StepBarrier barrier = new StepBarrier(threads);
        ThreadState[] state = new ThreadState[threads];
        int sliceCapacity = Math.min(MAX_SLICE, (batch + threads - 1) / threads);
        for (int t = 0; t < threads; t++) state[t] = new ThreadState(samples.newRenderer(), architecture.inputSize(), sliceCapacity);
        // Slices of the parameter array for the optimizer, aligned so no two threads share a cache line.
        int[] sliceStart = new int[threads + 1];
        for (int t = 0; t <= threads; t++) {
            sliceStart[t] = Math.min(architecture.parameterCount(), (Workers.split(architecture.parameterCount(), threads, t) + 15) & ~15);
        }
        sliceStart[threads] = architecture.parameterCount();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        boolean[] stop = new boolean[1];

        try (Workers workers = new Workers(threads)) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                shuffle(order, config.seed() * 1_000_003L + epoch);
                long began = System.nanoTime();
                int e = epoch;
                long firstStep = (long) (epoch - 1) * stepsPerEpoch;
                float[] lastRate = new float[1];
                for (ThreadState s : state) s.resetEpoch();
                workers.run(t -> {
                    ThreadState s = state[t];
                    try {
                        for (int step = 0; step < stepsPerEpoch; step++) {
                            int from = step * batch;
                            int to = Math.min(n, from + batch);
                            int mine = from + Workers.split(to - from, threads, t);
                            int mineEnd = from + Workers.split(to - from, threads, t + 1);
                            s.slice.weightsChanged();
                            if (mineEnd > mine) s.trainOn(live, order, mine, mineEnd, e, grads[t]);
                            if (t == 0) {
                                float rate = schedule.rate(firstStep + step, totalSteps);
                                optimizer.beginStep(rate);
                                lastRate[0] = rate;
                            }
                            barrier.await(t);
                            // The stop decision is written between the two barriers and read after
                            // the second: thread 0 cannot overwrite it before everyone has read it,
                            // because its next write waits for all of them at the next first barrier.
                            if (t == 0) stop[0] = cancelled.getAsBoolean();
                            optimizer.apply(params, grads, sliceStart[t], sliceStart[t + 1], 1f / (to - from));
                            barrier.await(t);
                            if (stop[0]) return;
                        }
                    } catch (RuntimeException | Error ex) {
                        barrier.breakBarrier();
                        throw ex;
                    }
                });
                if (stop[0]) throw new CancelledException(epoch);
                double seconds = (System.nanoTime() - began) / 1e9;
                double loss = 0;
                long correct = 0;
                for (ThreadState s : state) {
                    loss += s.slice.lossSum();
                    correct += s.slice.correct();
                }
                EpochStats stats = new EpochStats(epoch, config.epochs(), loss / n, (double) correct / n, n, lastRate[0], seconds);
                listener.onEpoch(stats, Network.adoptPadded(architecture, params.clone()));
            }
        }
        return Network.adoptPadded(architecture, params.clone());
    }

    private static void shuffle(int[] order, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** One training thread's scratch: its renderer, its batch slice with the images and labels it trains on. */
    private final class ThreadState {
        final TrainingSamples.Renderer renderer;
        final BatchSlice slice;
        final int imageSize;
        final byte[] images;
        final int[] labels;
        final int[] ids;

        ThreadState(TrainingSamples.Renderer renderer, int imageSize, int capacity) {
            this.renderer = renderer;
            this.imageSize = imageSize;
            this.slice = new BatchSlice(capacity, config.seed(), config.dropout(), config.labelSmoothing());
            this.images = new byte[capacity * imageSize];
            this.labels = new int[capacity];
            this.ids = new int[capacity];
        }

        void resetEpoch() {
            slice.resetTotals();
        }

        /** Renders samples {@code order[from..to)} and trains on them, in slices of at most the slice's capacity. */
        void trainOn(Network live, int[] order, int from, int to, int epoch, float[] grad) {
            for (int start = from; start < to; start += slice.capacity()) {
                int count = Math.min(slice.capacity(), to - start);
                for (int s = 0; s < count; s++) {
                    int index = order[start + s];
                    renderer.render(index, epoch, images, s * imageSize);
                    labels[s] = samples.label(index);
                    ids[s] = index;
                }
                slice.train(live, images, labels, ids, count, epoch, grad);
            }
        }
    }
}
