package dev.livedigits.training;

import dev.livedigits.data.Augmenter;
import dev.livedigits.data.DrawnDigits;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MixedTrainingSet;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.TrainingSet;
import dev.livedigits.nn.EpochStats;
import dev.livedigits.nn.Evaluation;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.nn.Kernels;
import dev.livedigits.nn.Network;
import dev.livedigits.nn.Trainer;
import dev.livedigits.nn.TrainingSamples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The one way a model is trained, used by the {@code train} command and by the admin API's
 * training job alike: build the training data (MNIST with distortions, drawn digits, the users'
 * labelled samples), run the trainer, evaluate on the 10k MNIST test set and on the drawn-digits
 * check as the server would see them, and write down how it was made.
 *
 * <p>Loads MNIST once; {@link #run} may be called again for the next job.
 */
public final class TrainingPipeline {
    /** Called after every epoch with the statistics and the snapshot's MNIST test and drawn-check accuracy. */
    public interface Progress {
        void onEpoch(EpochStats stats, double testAccuracy, double drawnAccuracy);
    }

    /** What one run produced: the network, its accuracies and the training record for its weights file. */
    public record Result(Network network, Evaluation test, Evaluation drawn, Map<String, Object> record, double seconds) {
        public double testAccuracy() { return test.accuracy(); }

        public double drawnAccuracy() { return drawn.accuracy(); }
    }

    private final MnistDataset mnist;
    private final ValidationSets validation;

    private TrainingPipeline(MnistDataset mnist, ValidationSets validation) {
        this.mnist = mnist;
        this.validation = validation;
    }

    public static TrainingPipeline load(Path mnistDir) throws IOException {
        MnistDataset mnist = MnistDataset.load(mnistDir);
        return new TrainingPipeline(mnist, ValidationSets.of(mnist.test()));
    }

    /** With validation sets already loaded (a server shares one with its model reports). */
    public static TrainingPipeline load(Path mnistDir, ValidationSets validation) throws IOException {
        return new TrainingPipeline(MnistDataset.load(mnistDir), validation);
    }

    public int trainingImagesAvailable() { return mnist.train().count(); }

    /**
     * Trains as {@code plan} says. {@code cancelled} is polled once per mini-batch; when it turns
     * true the trainer throws {@link Trainer.CancelledException}.
     */
    public Result run(TrainingPlan plan, Progress progress, BooleanSupplier cancelled) {
        long began = System.nanoTime();
        Trainer trainer = new Trainer(plan.config(), trainingSamples(plan));
        try (Evaluator evaluator = new Evaluator(plan.config().threads())) {
            Network network = trainer.train(trainer.initialNetwork(), (stats, snapshot) -> progress.onEpoch(stats,
                    accuracy(evaluator, snapshot, validation.test()), accuracy(evaluator, snapshot, validation.drawnCheck())), cancelled);
            Evaluation test = ValidationSets.evaluate(evaluator, network, validation.test());
            Evaluation drawn = ValidationSets.evaluate(evaluator, network, validation.drawnCheck());
            double seconds = (System.nanoTime() - began) / 1e9;
            return new Result(network, test, drawn, record(plan, seconds, drawn.accuracy()), seconds);
        }
    }

    /**
     * MNIST (distorted afresh every epoch unless augmentation is off), plus freshly drawn digits in
     * every style (so the styles MNIST has few of are seen), plus the users' samples oversampled.
     * Each part has its own seed stream, so adding one does not change what the others produce.
     */
    private TrainingSamples trainingSamples(TrainingPlan plan) {
        long seed = plan.config().seed();
        LabeledImages train = mnist.train().subset(0, Math.min(plan.trainingImages(), mnist.train().count()));
        Augmenter.Settings augmentation = Augmenter.Settings.defaults();
        TrainingSamples set = plan.augment() ? TrainingSet.augmented(train, augmentation, seed) : TrainingSet.plain(train);
        if (plan.drawnSamples() > 0) {
            set = new MixedTrainingSet(set, DrawnDigits.trainingSamples(plan.drawnSamples(), seed), 1);
        }
        LabeledImages user = plan.userSamples();
        if (user.count() > 0) {
            TrainingSamples mine = plan.augment() ? TrainingSet.augmented(user, augmentation, seed ^ 0x5eed) : TrainingSet.plain(user);
            set = new MixedTrainingSet(set, mine, plan.userSampleWeight());
        }
        return set;
    }

    private static double accuracy(Evaluator evaluator, Network network, LabeledImages images) {
        return ValidationSets.evaluate(evaluator, network, images).accuracy();
    }

    private Map<String, Object> record(TrainingPlan plan, double seconds, double drawnAccuracy) {
        Map<String, Object> training = new LinkedHashMap<>();
        var config = plan.config();
        training.put("architecture", config.architecture().describe());
        training.put("epochs", config.epochs());
        training.put("batchSize", config.batchSize());
        training.put("learningRate", config.learningRate());
        training.put("optimizer", config.optimizer());
        if (config.optimizer().equals("sgd")) training.put("momentum", config.momentum());
        training.put("schedule", config.schedule());
        if (config.dropout() > 0f) training.put("dropout", config.dropout());
        if (config.labelSmoothing() > 0f) training.put("labelSmoothing", config.labelSmoothing());
        training.put("threads", config.threads());
        training.put("trainingImages", Math.min(plan.trainingImages(), mnist.train().count()));
        training.put("drawnSamples", plan.drawnSamples());
        training.put("userSamplesUsed", plan.userSamples().count());
        training.put("userSampleWeight", plan.userSampleWeight());
        training.put("augmentation", plan.augment() ? Augmenter.Settings.defaults().toString() : "none");
        training.put("drawnCheckAccuracy", Math.round(drawnAccuracy * 10000) / 10000.0);
        training.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        training.put("kernels", Kernels.describe());
        training.put("javaVersion", System.getProperty("java.version"));
        return training;
    }
}
