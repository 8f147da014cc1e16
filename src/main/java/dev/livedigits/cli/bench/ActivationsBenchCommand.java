package dev.livedigits.cli.bench;

import dev.livedigits.cli.OptionTypes;
import dev.livedigits.cli.ProjectVersion;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalizer;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFile;
import dev.livedigits.nn.ForwardPass;
import dev.livedigits.nn.Softmax;
import dev.livedigits.server.ServerMetrics;
import dev.livedigits.server.live.Frame;
import dev.livedigits.server.live.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench activations}: what {@code ?activations=1} costs an inference worker. The same MNIST frames
 * go through one {@link Predictor} — the worker's whole job, reply text included — without and with the
 * flag, and through the bare normalizer and forward pass (what {@code inferenceMicros} measures, the
 * budget's reference). Each frame is timed the three ways back to back, in an order that rotates from frame
 * to frame, so a noisy neighbour hurts all three alike; the added time is the median of the per-frame
 * differences. Every figure is the median over rounds of the round's median.
 */
@Command(name = "activations", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false,
        description = {"Time one inference worker's Predictor on the same MNIST frames without and with ?activations=1,",
                "and the bare normalize + forward pass: the added time per frame (us and %% of the forward pass) and the",
                "reply's size. Last line: key=value figures."})
public final class ActivationsBenchCommand implements Callable<Integer> {
    private static final String NAME = "bench activations";
    private static final int WARMUP_FRAMES = 20_000;

    private final PrintStream out;

    @Option(names = "--weights", paramLabel = "FILE", description = "a weights file (default: the active model, $WEIGHTS_DIR/ACTIVE)")
    Path weights;
    @Option(names = "--rounds", paramLabel = "R", description = "1..100 (default ${DEFAULT-VALUE})")
    int rounds = 7;
    @Option(names = "--frames", paramLabel = "N", description = "MNIST test digits per round, each timed once per way, 1..10000 (default ${DEFAULT-VALUE})")
    int frames = 2000;
    @Option(names = "--size", paramLabel = "S", description = "frame side (digits scaled up), 28..512 (default ${DEFAULT-VALUE})")
    int size = 28;

    public ActivationsBenchCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        OptionTypes.within(NAME, "--rounds", rounds, 1, 100);
        OptionTypes.within(NAME, "--frames", frames, 1, 10_000);
        OptionTypes.within(NAME, "--size", size, 28, 512);
        SavedModel model = weights != null ? WeightsFile.read(weights) : ModelDirectory.fromEnvironment().loadActive();
        LabeledImages test = MnistDataset.load(MnistDataset.defaultDir()).test();
        Frame[] plain = new Frame[Math.min(frames, test.count())];
        Frame[] shown = new Frame[plain.length];
        for (int i = 0; i < plain.length; i++) {
            byte[] pixels = BenchFrames.upscale(test.pixels(), test.offset(i), 28, size);
            plain[i] = new Frame(pixels, size, i + 1, false, false);
            shown[i] = new Frame(pixels, size, i + 1, false, true);
        }
        Timing timing = new Timing(new Predictor(() -> model, new ServerMetrics(() -> model.id())), model);
        for (int i = 0; i < WARMUP_FRAMES; i++) {
            timing.reply(plain[i % plain.length]);
            timing.reply(shown[i % plain.length]);
            timing.forward(plain[i % plain.length]);
        }

        // Per round: each way's median per frame, and the median of the per-frame differences with - without.
        double[][] medians = new double[4][rounds];
        long[][] nanos = new long[3][plain.length];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < plain.length; i++) {
                for (int k = 0; k < 3; k++) {
                    int way = (i + r + k) % 3;
                    long t0 = System.nanoTime();
                    if (way == 0) timing.reply(plain[i]);
                    else if (way == 1) timing.reply(shown[i]);
                    else timing.forward(plain[i]);
                    nanos[way][i] = System.nanoTime() - t0;
                }
            }
            long[] added = new long[plain.length];
            for (int i = 0; i < plain.length; i++) added[i] = nanos[1][i] - nanos[0][i];
            for (int way = 0; way < 3; way++) medians[way][r] = medianMicros(nanos[way]);
            medians[3][r] = medianMicros(added);
        }
        double without = median(medians[0]);
        double with = median(medians[1]);
        double forward = median(medians[2]);
        double added = median(medians[3]);
        int[] plainBytes = replyBytes(timing, plain);
        int[] shownBytes = replyBytes(timing, shown);
        timing.check();

        out.printf(Locale.ROOT, "bench activations: model %s (%s), %d MNIST test digits at %dx%d, %d rounds, 1 thread%n",
                model.id(), model.architecture(), plain.length, size, size, rounds);
        out.printf(Locale.ROOT, "normalize + forward %.2f us; reply without activations %.2f us, with %.2f us: +%.2f us = %.1f%% of the forward pass"
                        + " (added: median of per-frame differences; by round %s); reply %d B without, %d B with (max %d B)%n",
                forward, without, with, added, 100 * added / forward, differences(medians), plainBytes[0], shownBytes[0], shownBytes[1]);
        out.printf(Locale.ROOT, "forward_us=%.2f predict_us=%.2f predict_activations_us=%.2f added_us=%.2f added_pct_of_forward=%.1f"
                        + " reply_bytes=%d reply_activations_bytes=%d reply_activations_max_bytes=%d%n",
                forward, without, with, added, 100 * added / forward, plainBytes[0], shownBytes[0], shownBytes[1]);
        return 0;
    }

    /** The three ways of handling a frame, with a sink that keeps their work observable to the JIT. */
    private static final class Timing {
        private final Predictor predictor;
        private final SavedModel model;
        private final Normalizer normalizer = new Normalizer();
        private final ForwardPass pass = new ForwardPass();
        private final byte[] input = new byte[Normalizer.OUT_SIZE];
        private long sink;

        Timing(Predictor predictor, SavedModel model) {
            this.predictor = predictor;
            this.model = model;
        }

        String reply(Frame f) {
            String reply = predictor.predict(f);
            sink += reply.length();
            return reply;
        }

        void forward(Frame f) {
            normalizer.toMnist(f.pixels(), f.offset(), f.side(), input, 0);
            sink += Softmax.argmax(pass.run(model.network(), input, 0), 10);
        }

        void check() {
            if (sink == Long.MIN_VALUE) System.out.print("");
        }
    }

    /** {median, max} of the replies' sizes in bytes (UTF-8, as they go on the wire). */
    private static int[] replyBytes(Timing timing, Frame[] frames) {
        int[] sizes = new int[frames.length];
        for (int i = 0; i < frames.length; i++) sizes[i] = timing.reply(frames[i]).getBytes(StandardCharsets.UTF_8).length;
        Arrays.sort(sizes);
        return new int[] {sizes[sizes.length / 2], sizes[sizes.length - 1]};
    }

    /** Each round's added time, to show the spread behind the median. */
    private static String differences(double[][] medians) {
        StringBuilder sb = new StringBuilder();
        for (double d : medians[3]) sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", d));
        return sb.toString();
    }

    private static double medianMicros(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2e3;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }
}
