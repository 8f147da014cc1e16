package dev.livedigits.cli;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalization;
import dev.livedigits.data.Normalizer;
import dev.livedigits.data.TrainingSet;
import dev.livedigits.nn.EpochStats;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.nn.ForwardPass;
import dev.livedigits.nn.Kernels;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.nn.Network;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Softmax;
import dev.livedigits.nn.Trainer;
import dev.livedigits.nn.TrainingConfig;

import dev.livedigits.cli.OptionTypes.Sizes;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench} (the core figures): training throughput of 784-128-10 at batch 64 with Adam — the
 * peers' workload — single-image latency including normalization, and batched inference over the
 * 10k test set. Medians over repeated rounds, because this machine is shared and noisy.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false,
        description = {"Measure training throughput, single-frame latency and batched inference.",
                "For the peers' MLP or any architecture given as in train; single frame = normalize + forward + argmax, "
                        + "batched = the 10k test set. Last line: key=value figures. `bench ws` and `bench swap` measure "
                        + "a running server."})
final class BenchCommand implements Callable<Integer> {
    private static final int WARMUP_CALLS = 10_000;
    private static final int TIMED_CALLS = 10_000;
    /** Longer single calls than this are counted at this value; a frame takes tens of microseconds. */
    private static final long MAX_CALL_NANOS = 1_000_000_000L;

    private final PrintStream out;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs timed (default ${DEFAULT-VALUE})")
    int epochs = 5;
    @Option(names = "--rounds", paramLabel = "R", description = "rounds of 10000 single calls (default ${DEFAULT-VALUE})")
    int rounds = 3;
    @Option(names = "--threads", paramLabel = "T1,T2", description = "thread counts to train and infer with (default ${DEFAULT-VALUE})")
    Sizes threadCounts = new Sizes(new int[] {2, 1});
    @Option(names = "--conv", paramLabel = "C1,C2|none", description = "conv channels (default: none, the peers' MLP)")
    Sizes conv = new Sizes(new int[0]);
    @Option(names = "--kernel", paramLabel = "K", description = "(default ${DEFAULT-VALUE})")
    int kernel = 3;
    @Option(names = "--hidden", paramLabel = "H1,H2", description = "(default ${DEFAULT-VALUE})")
    Sizes hidden = new Sizes(new int[] {128});
    @Option(names = "--data", paramLabel = "DIR", description = "the MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path dataDir = MnistDataset.defaultDir();

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        if (epochs < 1 || rounds < 1 || threadCounts.values().length == 0) throw new UsageException("bench: --epochs, --rounds and --threads must be positive");

        out.printf(Locale.ROOT, "bench: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(), Kernels.describe(), System.getProperty("java.version"));
        MnistDataset mnist = MnistDataset.load(dataDir);
        LabeledImages testServed = Normalization.normalizeAll(mnist.test());
        TrainingSet train = TrainingSet.plain(mnist.train());
        Map<String, String> figures = new LinkedHashMap<>();

        Network peerNetwork = null;
        String name = "";
        for (int threads : threadCounts.values()) {
            TrainingConfig config;
            try {
                config = new TrainingConfig(conv.values(), kernel, hidden.values(), epochs, 64, 1e-3f, "adam", 0.9f, "constant", 42, threads, 0f, 0f);
            } catch (IllegalArgumentException e) {
                throw new UsageException("bench: " + e.getMessage());
            }
            name = config.architecture().toString();
            Trainer trainer = new Trainer(config, train);
            List<EpochStats> stats = new ArrayList<>();
            Network trained = trainer.train(trainer.initialNetwork(), (s, n) -> stats.add(s), () -> false);
            double[] seconds = stats.stream().mapToDouble(EpochStats::seconds).toArray();
            double median = median(seconds);
            double accuracy;
            try (Evaluator evaluator = new Evaluator(2)) {
                accuracy = evaluator.evaluate(trained, testServed.pixels(), testServed.labels(), testServed.count()).accuracy();
            }
            out.printf(Locale.ROOT, "train %s batch 64 adam lr 1e-3, %d thread(s): epochs %s s, median %.3f s = %.0f samples/s, test accuracy %.4f%n",
                    name, threads, format(seconds), median, 60000 / median, accuracy);
            figures.put("train_samples_per_s_" + threads + "t", String.format(Locale.ROOT, "%.0f", 60000 / median));
            if (peerNetwork == null) peerNetwork = trained;
        }

        double[] single = singleImageLatency(peerNetwork, mnist.test(), rounds);
        out.printf(Locale.ROOT, "single image %s (normalize 28x28 frame + forward + argmax): median %.2f us, p99 %.2f us%n", name, single[0], single[1]);
        figures.put("single_median_us", String.format(Locale.ROOT, "%.2f", single[0]));
        figures.put("single_p99_us", String.format(Locale.ROOT, "%.2f", single[1]));

        for (int threads : threadCounts.values()) {
            double ms = batchedInference(peerNetwork, testServed, threads);
            out.printf(Locale.ROOT, "batched inference %s over 10k test images, %d thread(s): median %.2f ms = %.0f images/s%n", name, threads, ms, 10000 / ms * 1000);
            figures.put("batched_ms_" + threads + "t", String.format(Locale.ROOT, "%.2f", ms));
        }

        ModelDirectory models = ModelDirectory.fromEnvironment();
        if (models.activeId().isPresent()) {
            SavedModel shipped = models.loadActive();
            double[] s = singleImageLatency(shipped.network(), mnist.test(), rounds);
            double ms = batchedInference(shipped.network(), testServed, 2);
            out.printf(Locale.ROOT, "active model %s (%s): single image median %.2f us, p99 %.2f us; batched 10k %.2f ms (2 threads)%n",
                    shipped.id(), shipped.network().architecture(), s[0], s[1], ms);
            figures.put("active_single_median_us", String.format(Locale.ROOT, "%.2f", s[0]));
            figures.put("active_batched_ms", String.format(Locale.ROOT, "%.2f", ms));
        }
        StringBuilder last = new StringBuilder();
        figures.forEach((k, v) -> last.append(last.length() == 0 ? "" : " ").append(k).append('=').append(v));
        out.println(last);
        return 0;
    }

    /** Median and p99 in µs of one call each: a raw 28×28 test frame normalized, run, argmax taken. */
    static double[] singleImageLatency(Network network, LabeledImages frames, int rounds) {
        Normalizer normalizer = new Normalizer();
        ForwardPass pass = new ForwardPass();
        byte[] normalized = new byte[784];
        // Three significant digits: 0.1 % of a 28 µs call is 28 ns, finer than the clock's jitter.
        Histogram nanos = new Histogram(MAX_CALL_NANOS, 3);
        double[] medians = new double[rounds];
        double[] p99s = new double[rounds];
        int sink = 0;
        for (int i = 0; i < WARMUP_CALLS; i++) {
            normalizer.toMnist(frames.pixels(), frames.offset(i % frames.count()), 28, normalized, 0);
            sink += Softmax.argmax(pass.run(network, normalized, 0), 10);
        }
        for (int r = 0; r < rounds; r++) {
            nanos.reset();
            for (int i = 0; i < TIMED_CALLS; i++) {
                int f = i % frames.count();
                long t0 = System.nanoTime();
                normalizer.toMnist(frames.pixels(), frames.offset(f), 28, normalized, 0);
                sink += Softmax.argmax(pass.run(network, normalized, 0), 10);
                nanos.recordValue(Math.min(System.nanoTime() - t0, MAX_CALL_NANOS));
            }
            medians[r] = nanos.getValueAtPercentile(50) / 1000.0;
            p99s[r] = nanos.getValueAtPercentile(99) / 1000.0;
        }
        if (sink == Integer.MIN_VALUE) System.out.print(""); // keep the work observable to the JIT
        return new double[] {median(medians), median(p99s)};
    }

    /** Median over 25 runs of one pass over the normalized test set, in ms. */
    static double batchedInference(Network network, LabeledImages images, int threads) {
        byte[] predicted = new byte[images.count()];
        float[] confidence = new float[images.count()];
        double[] ms = new double[25];
        try (Evaluator evaluator = new Evaluator(threads)) {
            for (int i = 0; i < 10; i++) evaluator.predictInto(network, images.pixels(), images.count(), predicted, confidence);
            for (int r = 0; r < ms.length; r++) {
                long t0 = System.nanoTime();
                evaluator.predictInto(network, images.pixels(), images.count(), predicted, confidence);
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return median(ms);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(double[] seconds) {
        StringBuilder sb = new StringBuilder();
        for (double s : seconds) sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", s));
        return sb.toString();
    }
}
