package dev.livedigits.cli;

import dev.livedigits.data.Augmenter;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalization;
import dev.livedigits.data.TrainingSet;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.nn.Kernels;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.ModelInfo;
import dev.livedigits.nn.Network;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Trainer;
import dev.livedigits.nn.TrainingConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code train}: one line per epoch, the weights file, and {@code accuracy=…} last. */
final class TrainCommand {
    static final Set<String> FLAGS = Set.of("no-augment");

    private TrainCommand() {}

    static int run(Options options, PrintStream out) throws IOException {
        TrainingConfig defaults = TrainingConfig.defaults();
        TrainingConfig config;
        try {
            config = new TrainingConfig(
                    options.integers("conv", defaults.conv()),
                    options.integer("kernel", defaults.kernel()),
                    options.integers("hidden", defaults.hidden()),
                    options.integer("epochs", defaults.epochs()),
                    options.integer("batch", defaults.batchSize()),
                    options.decimal("lr", defaults.learningRate()),
                    options.string("optimizer", defaults.optimizer()),
                    options.decimal("momentum", defaults.momentum()),
                    options.string("schedule", defaults.schedule()),
                    options.longValue("seed", defaults.seed()),
                    options.integer("threads", defaults.threads()));
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage());
        }
        boolean augment = !options.flag("no-augment");
        int limit = options.integer("limit", 0);
        Path dataDir = Path.of(options.string("data", MnistDataset.defaultDir().toString()));
        ModelDirectory models = ModelDirectory.fromEnvironment();
        String id = options.string("id", "trained-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        Path outFile = options.has("out") ? Path.of(options.string("out", null)) : null;
        options.rejectUnknown();

        long began = System.nanoTime();
        MnistDataset mnist = MnistDataset.load(dataDir);
        LabeledImages train = limit > 0 ? mnist.train().subset(0, Math.min(limit, mnist.train().count())) : mnist.train();
        LabeledImages test = Normalization.normalizeAll(mnist.test());
        Augmenter.Settings augmentation = Augmenter.Settings.defaults();
        TrainingSet samples = augment ? TrainingSet.augmented(train, augmentation, config.seed()) : TrainingSet.plain(train);
        out.printf(Locale.ROOT, "training %s on %d MNIST images (%s), %s, %s%n", config.architecture(), train.count(),
                augment ? "augmented" : "not augmented", config, Kernels.describe());

        Trainer trainer = new Trainer(config, samples);
        Network network;
        try (Evaluator evaluator = new Evaluator(config.threads())) {
            network = trainer.train(trainer.initialNetwork(), (stats, snapshot) -> {
                double testAccuracy = evaluator.evaluate(snapshot, test.pixels(), test.labels(), test.count()).accuracy();
                out.printf(Locale.ROOT, "epoch %d/%d loss=%.4f train_accuracy=%.4f test_accuracy=%.4f lr=%.6f seconds=%.2f samples_per_s=%.0f%n",
                        stats.epoch(), stats.epochs(), stats.loss(), stats.trainAccuracy(), testAccuracy,
                        stats.finalLearningRate(), stats.seconds(), stats.samplesPerSecond());
                out.flush();
            }, () -> false);
            double accuracy = evaluator.evaluate(network, test.pixels(), test.labels(), test.count()).accuracy();
            double seconds = (System.nanoTime() - began) / 1e9;

            Map<String, Object> training = new LinkedHashMap<>();
            training.put("hidden", config.hidden());
            training.put("epochs", config.epochs());
            training.put("batchSize", config.batchSize());
            training.put("learningRate", config.learningRate());
            training.put("optimizer", config.optimizer());
            if (config.optimizer().equals("sgd")) training.put("momentum", config.momentum());
            training.put("schedule", config.schedule());
            training.put("threads", config.threads());
            training.put("trainingImages", train.count());
            training.put("augmentation", augment ? augmentation.toString() : "none");
            training.put("wallSeconds", Math.round(seconds * 10) / 10.0);
            training.put("kernels", Kernels.describe());
            training.put("javaVersion", System.getProperty("java.version"));
            ModelInfo info = new ModelInfo(id, accuracy, Instant.now(), config.seed(), training);
            SavedModel model = new SavedModel(network, info);
            Path written;
            if (outFile != null) {
                dev.livedigits.model.WeightsFile.write(outFile, model);
                written = outFile;
            } else {
                written = models.save(model);
            }
            out.printf(Locale.ROOT, "weights=%s id=%s wall_seconds=%.1f%n", written, id, seconds);
            out.printf(Locale.ROOT, "accuracy=%.4f%n", accuracy);
        }
        return 0;
    }
}
