package dev.livedigits.server.training;

import dev.livedigits.data.SampleStore;
import dev.livedigits.server.Addresses;
import dev.livedigits.server.ModelActivation;
import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.NewVersions;
import dev.livedigits.server.ServerConfig;
import dev.livedigits.training.ValidationSets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training verticle: takes jobs from the event bus ({@link Addresses#TRAINING_SUBMIT}, from this
 * node's admin API), holds the shared-data lock {@value #LOCK} while one runs — cluster-wide when
 * clustered, released by the cluster manager if this node dies — and publishes every event of the
 * job on {@link Addresses#TRAINING_EVENTS} (every node's admin streams see it) and into the
 * {@link JobBoard}. The epochs themselves run on {@link TrainingService}'s own low-priority thread.
 */
public final class TrainingVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingVerticle.class);

    static final String LOCK = "livedigits.training";

    private final ServerConfig config;
    private final ModelRegistry registry;
    private final SampleStore samples;
    private final ModelActivation activation;
    private final NewVersions versions;
    private final Supplier<ValidationSets> validation;
    private final String node;
    private TrainingService service;
    private JobBoard board;
    private MessageConsumer<JsonObject> submissions;
    private MessageConsumer<String> cancellations;
    private Lock held;

    public TrainingVerticle(ServerConfig config, ModelRegistry registry, SampleStore samples, ModelActivation activation,
                            NewVersions versions, Supplier<ValidationSets> validation, String node) {
        this.validation = validation;
        this.config = config;
        this.registry = registry;
        this.samples = samples;
        this.activation = activation;
        this.versions = versions;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        board = new JobBoard(vertx);
        service = new TrainingService(registry, samples, config::mnistDir, validation, config.trainingThreads(),
                config.trainingPriority(), this::emitted, context, activation, versions);
        submissions = vertx.eventBus().localConsumer(Addresses.TRAINING_SUBMIT, this::submit);
        cancellations = vertx.eventBus().consumer(Addresses.trainingCancel(node), this::cancel);
        return Future.join(submissions.completion(), cancellations.completion());
    }

    /** The training thread's news: hop onto this verticle's context, then record and publish it in order. */
    private void emitted(JsonObject event) {
        try {
            context.runOnContext(v -> record(event));
        } catch (RejectedExecutionException closed) {
            // This node is shutting down under a running job: nothing here can record the end any more; the lock's
            // release and the other nodes' janitor mark the job failed.
        }
    }

    private void record(JsonObject event) {
        Optional<TrainingJob> job = service.job(event.getString("job"));
        if (job.isEmpty()) return;
        JsonObject snapshot = job.get().toJson().put("node", node).put("events", new JsonArray(job.get().history()));
        board.record(snapshot).onFailure(e -> LOG.warn("recording " + snapshot.getString("job") + ": " + e.getMessage()));
        vertx.eventBus().publish(Addresses.TRAINING_EVENTS, event);
        if (job.get().finished() && held != null) {
            held.release();
            held = null;
        }
    }

    private void submit(Message<JsonObject> message) {
        TrainingRequest request;
        try {
            request = TrainingRequest.parse(message.body(), config.trainingThreads());
        } catch (IllegalArgumentException | ClassCastException e) {
            message.fail(400, e.getMessage());
            return;
        }
        vertx.sharedData().getLockWithTimeout(LOCK, 250).onComplete(ar -> {
            if (ar.failed()) {
                board.current().onComplete(c -> message.fail(409, c.succeeded() && c.result() != null
                        ? c.result().getString("job") : "?"));
                return;
            }
            Optional<TrainingJob> job = service.submit(request);
            if (job.isEmpty()) {
                ar.result().release();
                message.fail(409, service.current().map(j -> j.id).orElse("?"));
                return;
            }
            held = ar.result();
            JsonObject snapshot = job.get().toJson().put("node", node).put("events", new JsonArray());
            // Recorded before the reply, so the job can be asked about on any node as soon as its id is known.
            board.record(snapshot).onComplete(r -> message.reply(snapshot));
        });
    }

    private void cancel(Message<String> message) {
        Optional<TrainingJob> job = service.job(message.body());
        if (job.isEmpty()) {
            message.fail(404, "no job " + message.body() + " on node " + node);
            return;
        }
        boolean requested = job.get().cancel();
        message.reply(new JsonObject().put("job", job.get().id).put("state", job.get().state().name()).put("cancelRequested", requested));
    }

    @Override
    public Future<?> stop() {
        service.close();
        if (held != null) held.release();
        return Future.join(submissions.unregister(), cancellations.unregister());
    }
}
