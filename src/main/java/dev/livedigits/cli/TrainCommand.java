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

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/** {@code train}: one line per epoch, the weights file, and {@code accuracy=…} last. */
final class TrainCommand {
    static final Set<String> FLAGS = Set.of("no-augment");

    private TrainCommand() {}

    static int run(Options options, PrintStream out) throws IOException {
        TrainingConfig defaults = TrainingConfig.defaults();
        TrainingPlan plan;
        try {
            TrainingConfig config = new TrainingConfig(
                    defaults.conv(), defaults.kernel(), defaults.hidden(),
                    options.integer("epochs", defaults.epochs()),
                    options.integer("batch", defaults.batchSize()),
                    options.decimal("lr", defaults.learningRate()),
                    options.string("optimizer", defaults.optimizer()),
                    options.decimal("momentum", defaults.momentum()),
                    options.string("schedule", defaults.schedule()),
                    options.longValue("seed", defaults.seed()),
                    options.integer("threads", defaults.threads()),
                    options.decimal("dropout", defaults.dropout()),
                    options.decimal("label-smoothing", defaults.labelSmoothing()))
                    .withRequestedArchitecture(options.integers("conv", null),
                            options.has("kernel") ? options.integer("kernel", 0) : null, options.integers("hidden", null));
            int limit = options.integer("limit", 0);
            plan = new TrainingPlan(config, limit > 0 ? limit : 60_000, !options.flag("no-augment"),
                    options.integer("drawn", TrainingPlan.DEFAULT_DRAWN_SAMPLES), TrainingPlan.NO_SAMPLES, 10);
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage());
        }
        Path dataDir = Path.of(options.string("data", MnistDataset.defaultDir().toString()));
        ModelDirectory models = ModelDirectory.fromEnvironment();
        String id = options.string("id", "trained-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        Path outFile = options.has("out") ? Path.of(options.string("out", null)) : null;
        options.rejectUnknown();

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
