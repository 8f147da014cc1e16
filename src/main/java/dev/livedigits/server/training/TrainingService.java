package dev.livedigits.server.training;

import dev.livedigits.server.ModelRegistry;

import dev.livedigits.data.HeldOutSlice;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.SampleStore;
import dev.livedigits.model.ModelInfo;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.nn.Trainer;
import dev.livedigits.training.BackgroundPriority;
import dev.livedigits.training.TrainingPipeline;
import dev.livedigits.training.TrainingPlan;
import dev.livedigits.training.ValidationGate;
import dev.livedigits.training.ValidationSets;
import dev.livedigits.server.ModelActivation;
import dev.livedigits.server.NewVersions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retraining jobs one at a time on a thread of its own (never an event loop, never a Vert.x
 * worker that the blocked-thread checker watches), reports every epoch, writes the result as a new
 * version, hands it to {@link NewVersions} (other nodes copy it) and, if the validation gate allows,
 * to {@link ModelActivation}. Those two are Vert.x calls: the training thread makes them on the
 * owning verticle's context and waits for their answer, so no Vert.x code ever runs at its priority.
 */
final class TrainingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);

    /** Copying a version to every node or swapping every node takes well under a second; a minute means trouble. */
    private static final long VERTX_CALL_SECONDS = 60;
    private static final int RECENT_JOBS = 8;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ModelRegistry registry;
    private final SampleStore samples;
    private final Supplier<Path> mnistDir;
    private final Supplier<ValidationSets> validation;
    private final int threads;
    private final Consumer<JsonObject> events;
    private final Context context;
    private final ModelActivation activation;
    private final NewVersions versions;
    private final ExecutorService executor;
    /** This node's latest jobs, for their events and cancellation; history lives on the {@link JobBoard}. */
    private final Map<String, TrainingJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrainingJob> eldest) {
            return size() > RECENT_JOBS;
        }
    });
    private final SecureRandom random = new SecureRandom();
    private TrainingJob current;
    private TrainingPipeline pipeline;

    TrainingService(ModelRegistry registry, SampleStore samples, Supplier<Path> mnistDir, Supplier<ValidationSets> validation, int threads,
                    BackgroundPriority.Level priority, Consumer<JsonObject> events, Context context, ModelActivation activation,
                    NewVersions versions) {
        this.validation = validation;
        this.context = context;
        this.activation = activation;
        this.versions = versions;
        this.registry = registry;
        this.samples = samples;
        this.mnistDir = mnistDir;
        this.threads = threads;
        this.events = events;
        // The thread lowers itself before any job; the trainer's and evaluator's threads it starts inherit it.
        this.executor = BackgroundPriority.singleLoweredThread("livedigits-training", priority, LOG::info);
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
            // The held-out slice is never trained on, whatever the job asks: it is what the gate judges with.
            LabeledImages heldOut = HeldOutSlice.heldOut(samples);
            LabeledImages user = request.userSamples() ? HeldOutSlice.training(samples) : TrainingPlan.NO_SAMPLES;
            job.started(user.count(), heldOut.count());
            TrainingPipeline.Result result = pipeline().run(request.plan(user), (stats, test, drawn) ->
                    job.epoch(new JsonObject().put("epoch", stats.epoch()).put("loss", stats.loss())
                            .put("trainAccuracy", stats.trainAccuracy()).put("testAccuracy", test).put("drawnAccuracy", drawn)
                            .put("seconds", stats.seconds()).put("samplesPerSecond", Math.round(stats.samplesPerSecond()))),
                    job::cancelRequested);
            double accuracy = result.testAccuracy();
            String version = "v" + STAMP.format(Instant.now()) + "-" + job.id.substring(job.id.length() - 4);
            ValidationGate.Decision gate = judge(result, heldOut, request);
            Map<String, Object> record = new LinkedHashMap<>(result.record());
            record.put("job", job.id);
            record.put("force", request.force());
            record.put("heldOutSamples", heldOut.count());
            record.put("gate", gate.toMap()); // the report shows which numbers decided
            JsonObject gateJson = new JsonObject(gate.toMap());
            SavedModel model = new SavedModel(result.network(), new ModelInfo(version, accuracy, Instant.now(), request.config().seed(), record));
            registry.directory().save(model);
            try {
                onContext(() -> versions.saved(version));
            } catch (ExecutionException e) {
                // Not fatal: a node that lacks the version fetches it when asked to serve it.
                LOG.warn("training " + job.id + ": copying " + version + " to the other nodes: " + e.getCause().getMessage());
            }
            if (gate.activate()) {
                try {
                    onContext(() -> activation.activate(version));
                } catch (ExecutionException e) {
                    job.failed("saved " + version + " but could not activate it: " + e.getCause().getMessage()
                            + " (activate it via POST /admin/models/" + version + "/activate)", gateJson);
                    return;
                }
                job.succeeded(version, true, "activated: " + gate.summary()
                        + (gate.forced() ? " (the gate said no, but force was set)" : ""), gateJson);
            } else {
                job.succeeded(version, false, "saved but not activated: " + gate.summary() + " (send \"force\": true, or activate it via POST /admin/models/"
                        + version + "/activate)", gateJson);
            }
            LOG.info("training " + job.id + " finished in " + String.format(Locale.ROOT, "%.1f s", result.seconds()) + ": " + job.toJson().getString("outcome"));
        } catch (Trainer.CancelledException e) {
            job.cancelled(e.getMessage());
            LOG.info("training " + job.id + " " + e.getMessage());
        } catch (Exception | Error e) {
            job.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.warn("training " + job.id + " failed: " + e);
        }
    }

    /**
     * The gate, with the serving model scored now on the same test set, drawn check and held-out
     * slice as the candidate (the slice grows between jobs, so earlier figures would not compare).
     */
    private ValidationGate.Decision judge(TrainingPipeline.Result result, LabeledImages heldOut, TrainingRequest request) {
        SavedModel active = registry.current();
        ValidationSets sets = validation.get();
        try (Evaluator evaluator = new Evaluator(threads)) {
            ValidationSets.Scores candidate = new ValidationSets.Scores(result.test(), result.drawn(),
                    evaluator.evaluate(result.network(), heldOut.pixels(), heldOut.labels(), heldOut.count()));
            ValidationGate.Numbers activeNumbers = active == null ? null
                    : ValidationGate.Numbers.of(sets.score(evaluator, active.network(), heldOut));
            return ValidationGate.decide(ValidationGate.Numbers.of(candidate), active == null ? null : active.id(), activeNumbers,
                    request.gateTolerance(), request.force());
        }
    }

    /** Runs a Vert.x call on the verticle's context and waits for its outcome (bounded). */
    private <T> T onContext(Supplier<Future<T>> call) throws Exception {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        context.runOnContext(v -> call.get().onComplete(ar -> {
            if (ar.succeeded()) outcome.complete(ar.result());
            else outcome.completeExceptionally(ar.cause());
        }));
        try {
            return outcome.get(VERTX_CALL_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(new TimeoutException("no answer in " + VERTX_CALL_SECONDS + " s"));
        }
    }

    /** Loaded on the first job (on the training thread), then kept: MNIST and the drawn check. */
    private TrainingPipeline pipeline() throws IOException {
        if (pipeline == null) pipeline = TrainingPipeline.load(mnistDir.get(), validation.get());
        return pipeline;
    }

    @Override
    public synchronized void close() {
        if (current != null) current.cancel();
        executor.shutdown();
    }
}
