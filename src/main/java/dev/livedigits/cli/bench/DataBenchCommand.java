package dev.livedigits.cli.bench;

import dev.livedigits.cli.ProjectVersion;
import dev.livedigits.data.Augmenter;
import dev.livedigits.data.DrawnDigits;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalizer;
import dev.livedigits.nn.TrainingSamples;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench data}: what the data pipeline costs per item, on one thread — normalizing a frame of each size the
 * page can send, augmenting an MNIST training image, rendering a drawn training digit, and making the drawn-digits
 * check. Each figure is the best of several interleaved rounds: the machine is shared, and the best round is the
 * one the neighbours disturbed least. (These were printed by unit tests before; timings belong here, not there.)
 */
@Command(name = "data", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        description = {"Time the data pipeline per item on one thread: the normalizer (28, 112, 280 px frames), the augmenter,",
                "a drawn training digit, the drawn-digits check. Last line: key=value figures."})
public final class DataBenchCommand implements Callable<Integer> {
    private static final int ROUNDS = 8;
    private static final int FRAMES = 64;

    private final PrintStream out;

    public DataBenchCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        MnistDataset mnist = MnistDataset.load(MnistDataset.defaultDir());
        double n28 = normalize(mnist.test(), 28, 2000);
        double n112 = normalize(mnist.test(), 112, 300);
        double n280 = normalize(mnist.test(), 280, 60);
        double augment = augment(mnist.train());
        double drawn = drawnSample();
        double check = drawnCheckSeconds();
        out.printf(Locale.ROOT, "bench data (1 thread, best of %d rounds): normalize 28x28 %.2f us, 112x112 %.2f us, 280x280 %.2f us;"
                + " augment %.2f us per sample; drawn training digit %.2f us; drawn check %.3f s%n", ROUNDS, n28, n112, n280, augment, drawn, check);
        out.printf(Locale.ROOT, "normalize_28_us=%.2f normalize_112_us=%.2f normalize_280_us=%.2f augment_us=%.2f drawn_sample_us=%.2f"
                + " drawn_check_s=%.3f%n", n28, n112, n280, augment, drawn, check);
        return 0;
    }

    /** Microseconds to bring one frame of {@code side}² pixels (MNIST test digits scaled up) to the model's 28×28. */
    private static double normalize(LabeledImages test, int side, int rounds) {
        Normalizer normalizer = new Normalizer();
        byte[][] frames = new byte[FRAMES][];
        for (int i = 0; i < FRAMES; i++) frames[i] = enlarged(test, i, side);
        byte[] out = new byte[784];
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (byte[] frame : frames) normalizer.toMnist(frame, side, out);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / (rounds * FRAMES));
        }
        return best;
    }

    /** Test digit {@code i} replicated to the largest multiple of 28 that fits {@code side}, centred. */
    private static byte[] enlarged(LabeledImages images, int i, int side) {
        int factor = side / 28;
        int margin = (side - 28 * factor) / 2;
        byte[] frame = new byte[side * side];
        int off = images.offset(i);
        for (int y = 0; y < 28 * factor; y++) {
            for (int x = 0; x < 28 * factor; x++) {
                frame[(y + margin) * side + x + margin] = images.pixels()[off + (y / factor) * 28 + x / factor];
            }
        }
        return frame;
    }

    private static double augment(LabeledImages train) {
        Augmenter augmenter = new Augmenter(Augmenter.Settings.defaults());
        byte[] out = new byte[784];
        int n = 5_000;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) augmenter.augment(train.pixels(), train.offset(i), Augmenter.sampleSeed(1, round, i), out, 0);
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / n);
        }
        return best;
    }

    private static double drawnSample() {
        TrainingSamples.Renderer renderer = DrawnDigits.trainingSamples(10_000, 3).newRenderer();
        byte[] out = new byte[784];
        int n = 5_000;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) renderer.render(i, round, out, 0);
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / n);
        }
        return best;
    }

    private static double drawnCheckSeconds() {
        DrawnDigits.check(); // compiled first
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            DrawnDigits.check();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }
}
