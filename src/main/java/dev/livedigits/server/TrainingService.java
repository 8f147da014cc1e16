package dev.livedigits.server;

import dev.livedigits.data.Augmenter;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MixedTrainingSet;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalization;
import dev.livedigits.data.SampleStore;
import dev.livedigits.data.TrainingSet;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.nn.Kernels;
import dev.livedigits.model.ModelInfo;
import dev.livedigits.nn.Network;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Trainer;
import dev.livedigits.nn.TrainingSamples;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs retraining jobs one at a time on a thread of its own (never an event loop, never a Vert.x
 * worker that the blocked-thread checker watches), reports every epoch, writes the result as a new
 * version, and hot-swaps it in if the validation gate allows. Plain Java apart from JSON values.
 */
final class TrainingService implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ModelRegistry registry;
    private final SampleStore samples;
    private final Path mnistDir;
    private final int threads;
    private final Consumer<JsonObject> events;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "livedigits-training");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private TrainingJob current;
    private MnistDataset mnist;
    private LabeledImages testSet;

    TrainingService(ModelRegistry registry, SampleStore samples, Path mnistDir, int threads, Consumer<JsonObject> events) {
        this.registry = registry;
        this.samples = samples;
        this.mnistDir = mnistDir;
        this.threads = threads;
        this.events = events;
    }

    int threads() {
        return threads;
    }

    /** Queues a job; empty if one is already queued or running (the caller answers 409). */
    synchronized Optional<TrainingJob> submit(TrainingRequest request) {
        if (current != null && !current.finished()) return Optional.empty();
        String id = "job-" + STAMP.format(Instant.now()) + "-" + String.format("%04x", random.nextInt(0x10000));
        TrainingJob job = new TrainingJob(id, request, events);
        jobs.put(id, job);
        current = job;
        executor.execute(() -> run(job));
        return Optional.of(job);
    }

    Optional<TrainingJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    synchronized Optional<TrainingJob> current() {
        return Optional.ofNullable(current);
    }

    private void run(TrainingJob job) {
        if (job.finished()) return; // cancelled while queued
        TrainingRequest request = job.request;
        try {
            LabeledImages user = request.userSamples() ? samples.samples() : new LabeledImages(0, 28, new byte[0], new byte[0]);
            job.started(user.count());
            long began = System.nanoTime();
            loadMnist();
            LabeledImages train = mnist.train().subset(0, Math.min(request.trainingImages(), mnist.train().count()));
            long seed = request.config().seed();
            Augmenter.Settings augmentation = Augmenter.Settings.defaults();
            TrainingSamples base = request.augment() ? TrainingSet.augmented(train, augmentation, seed) : TrainingSet.plain(train);
            TrainingSamples set = base;
            if (user.count() > 0) {
                TrainingSamples mine = request.augment() ? TrainingSet.augmented(user, augmentation, seed ^ 0x5eed) : TrainingSet.plain(user);
                set = new MixedTrainingSet(base, mine, request.userSampleWeight());
            }
            Trainer trainer = new Trainer(request.config(), set);
            Network network;
            double accuracy;
            try (Evaluator evaluator = new Evaluator(threads)) {
                network = trainer.train(trainer.initialNetwork(), (stats, snapshot) -> {
                    double test = evaluator.evaluate(snapshot, testSet.pixels(), testSet.labels(), testSet.count()).accuracy();
                    job.epoch(new JsonObject().put("epoch", stats.epoch()).put("loss", stats.loss())
                            .put("trainAccuracy", stats.trainAccuracy()).put("testAccuracy", test)
                            .put("seconds", stats.seconds()).put("samplesPerSecond", Math.round(stats.samplesPerSecond())));
                }, job::cancelRequested);
                accuracy = evaluator.evaluate(network, testSet.pixels(), testSet.labels(), testSet.count()).accuracy();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            String version = "v" + STAMP.format(Instant.now()) + "-" + job.id.substring(job.id.length() - 4);
            SavedModel model = new SavedModel(network, new ModelInfo(version, accuracy, Instant.now(),
                    seed, trainingRecord(request, train.count(), user.count(), seconds, job.id)));
            registry.directory().save(model);
            SavedModel active = registry.current();
            boolean better = active == null || accuracy >= active.info().testAccuracy();
            String comparison = String.format(Locale.ROOT, "test accuracy %.4f vs active %s's %.4f", accuracy,
                    active == null ? "-" : active.id(), active == null ? 0.0 : active.info().testAccuracy());
            if (better || request.force()) {
                registry.activate(version);
                job.succeeded(version, true, "activated: " + comparison + (better ? "" : " (lower, but force was set)"));
            } else {
                job.succeeded(version, false, "saved but not activated: " + comparison
                        + " is lower (send \"force\": true, or activate it via POST /admin/models/" + version + "/activate)");
            }
            Log.info("training " + job.id + " finished in " + String.format(Locale.ROOT, "%.1f s", seconds) + ": " + job.toJson().getString("outcome"));
        } catch (Trainer.CancelledException e) {
            job.cancelled(e.getMessage());
            Log.info("training " + job.id + " " + e.getMessage());
        } catch (Exception | Error e) {
            job.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            Log.warn("training " + job.id + " failed: " + e);
        }
    }

    private Map<String, Object> trainingRecord(TrainingRequest request, int images, int userSamples, double seconds, String jobId) {
        Map<String, Object> training = new LinkedHashMap<>(request.toJson().getMap());
        training.put("trainingImages", images);
        training.put("userSamplesUsed", userSamples);
        training.put("augmentation", request.augment() ? Augmenter.Settings.defaults().toString() : "none");
        training.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        training.put("kernels", Kernels.describe());
        training.put("job", jobId);
        return training;
    }

    private void loadMnist() throws IOException {
        if (mnist != null) return;
        Path dir = Files.isDirectory(mnistDir) ? mnistDir : MnistDataset.defaultDir();
        mnist = MnistDataset.load(dir);
        testSet = Normalization.normalizeAll(mnist.test());
    }

    @Override
    public synchronized void close() {
        if (current != null) current.cancel();
        executor.shutdown();
    }
}
