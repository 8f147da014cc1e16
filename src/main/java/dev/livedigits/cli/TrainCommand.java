package dev.livedigits.cli;

import dev.livedigits.data.MnistDataset;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.ModelInfo;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFile;
import dev.livedigits.nn.Kernels;
import dev.livedigits.nn.TrainingConfig;
import dev.livedigits.training.TrainingPipeline;
import dev.livedigits.training.TrainingPlan;

import dev.livedigits.cli.OptionTypes.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train}: one line per epoch, the weights file, and {@code accuracy=…} last. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false,
        description = {"Train a network on MNIST (+ freshly drawn digits) and save it as a model version.",
                "One line per epoch; last line accuracy=0.xxxx (10k MNIST test set). Architecture: nothing given -> the "
                        + "shipped CNN; --hidden alone -> an MLP; --conv C1,C2 -> k x k convolutions with ReLU and 2x2 "
                        + "max-pool, then the --hidden dense layers (default 128), then 10 outputs."})
final class TrainCommand implements Callable<Integer> {
    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

    private final PrintStream out;

    @Option(names = "--epochs", paramLabel = "N", description = "1..100 (default ${DEFAULT-VALUE})")
    int epochs = DEFAULTS.epochs();
    @Option(names = "--conv", paramLabel = "C1,C2|none", description = "conv channels, up to 3 layers of 1..256 (default: the shipped 16,32)")
    Sizes conv;
    @Option(names = "--kernel", paramLabel = "K", description = "conv kernel 1, 3, 5 or 7 (default 3)")
    Integer kernel;
    @Option(names = "--hidden", paramLabel = "H1,H2", description = "dense layers, up to 4 of 1..2048 (default 128)")
    Sizes hidden;
    @Option(names = "--batch", paramLabel = "B", description = "1..4096 (default ${DEFAULT-VALUE})")
    int batch = DEFAULTS.batchSize();
    @Option(names = "--lr", paramLabel = "X", description = "learning rate in (0, 1] (default ${DEFAULT-VALUE})")
    float learningRate = DEFAULTS.learningRate();
    @Option(names = "--seed", paramLabel = "S", description = "(default ${DEFAULT-VALUE})")
    long seed = DEFAULTS.seed();
    @Option(names = "--out", paramLabel = "FILE", description = "write the weights here (default: $WEIGHTS_DIR/<id>.json)")
    Path outFile;
    @Option(names = "--threads", paramLabel = "T", description = "(default: all cores, ${DEFAULT-VALUE})")
    int threads = DEFAULTS.threads();
    @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "(default ${DEFAULT-VALUE})")
    String optimizer = DEFAULTS.optimizer();
    @Option(names = "--momentum", paramLabel = "M", description = "for sgd (default ${DEFAULT-VALUE})")
    float momentum = DEFAULTS.momentum();
    @Option(names = "--schedule", paramLabel = "cosine|constant", description = "(default ${DEFAULT-VALUE})")
    String schedule = DEFAULTS.schedule();
    @Option(names = "--dropout", paramLabel = "D", description = "0..0.9 (default ${DEFAULT-VALUE})")
    float dropout = DEFAULTS.dropout();
    @Option(names = "--label-smoothing", paramLabel = "E", description = "0..0.5 (default ${DEFAULT-VALUE})")
    float labelSmoothing = DEFAULTS.labelSmoothing();
    @Option(names = "--no-augment", arity = "0..1", fallbackValue = "true", paramLabel = "true|false", description = "train on the MNIST images as they are")
    boolean noAugment;
    @Option(names = "--drawn", paramLabel = "N", description = "freshly drawn digits per epoch, 0..60000 (default ${DEFAULT-VALUE})")
    int drawn = TrainingPlan.DEFAULT_DRAWN_SAMPLES;
    @Option(names = "--limit", paramLabel = "N", description = "train on the first N MNIST images only (default: all 60000)")
    int limit;
    @Option(names = "--id", paramLabel = "VERSION", description = "the version id (default trained-<UTC time>)")
    String id;
    @Option(names = "--data", paramLabel = "DIR", description = "the MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path dataDir = MnistDataset.defaultDir();

    TrainCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        TrainingPlan plan;
        try {
            TrainingConfig config = new TrainingConfig(
                    DEFAULTS.conv(), DEFAULTS.kernel(), DEFAULTS.hidden(), epochs, batch, learningRate, optimizer, momentum,
                    schedule, seed, threads, dropout, labelSmoothing)
                    .withRequestedArchitecture(conv == null ? null : conv.values(), kernel, hidden == null ? null : hidden.values());
            plan = new TrainingPlan(config, limit > 0 ? limit : 60_000, !noAugment, drawn, TrainingPlan.NO_SAMPLES, 10);
        } catch (IllegalArgumentException e) {
            // The bounds are the admin API's too; their message names the field.
            throw new UsageException("train: " + e.getMessage());
        }
        ModelDirectory models = ModelDirectory.fromEnvironment();
        String id = this.id != null ? this.id
                : "trained-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());

        TrainingPipeline pipeline = TrainingPipeline.load(dataDir);
        TrainingConfig config = plan.config();
        out.printf(Locale.ROOT, "training %s on %d MNIST images (%s) + %d drawn digits per epoch, %s, %s%n", config.architecture(),
                Math.min(plan.trainingImages(), pipeline.trainingImagesAvailable()), plan.augment() ? "augmented" : "not augmented",
                plan.drawnSamples(), config, Kernels.describe());
        TrainingPipeline.Result result = pipeline.run(plan, (stats, test, drawn) -> {
            out.printf(Locale.ROOT, "epoch %d/%d loss=%.4f train_accuracy=%.4f test_accuracy=%.4f drawn_accuracy=%.4f lr=%.6f seconds=%.2f samples_per_s=%.0f%n",
                    stats.epoch(), stats.epochs(), stats.loss(), stats.trainAccuracy(), test, drawn,
                    stats.finalLearningRate(), stats.seconds(), stats.samplesPerSecond());
            out.flush();
        }, () -> false);

        SavedModel model = new SavedModel(result.network(), new ModelInfo(id, result.testAccuracy(), Instant.now(), config.seed(), result.record()));
        Path written;
        if (outFile != null) {
            WeightsFile.write(outFile, model);
            written = outFile;
        } else {
            written = models.save(model);
        }
        out.printf(Locale.ROOT, "drawn check: accuracy=%.4f, worst digit %.4f%n", result.drawnAccuracy(),
                java.util.Arrays.stream(result.drawn().perDigitAccuracy()).min().orElse(Double.NaN));
        out.printf(Locale.ROOT, "weights=%s id=%s wall_seconds=%.1f%n", written, id, result.seconds());
        out.printf(Locale.ROOT, "accuracy=%.4f%n", result.testAccuracy());
        return 0;
    }
}
