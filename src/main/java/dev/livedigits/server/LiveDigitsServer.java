package dev.livedigits.server;

import dev.livedigits.server.admin.AdminApi;
import dev.livedigits.server.admin.ModelReports;
import dev.livedigits.training.ValidationSets;
import dev.livedigits.server.admin.AdminAuth;
import dev.livedigits.server.admin.AdminRoutes;
import dev.livedigits.server.live.ConnectionLimits;
import dev.livedigits.server.live.Frame;
import dev.livedigits.server.live.FrameCodec;
import dev.livedigits.server.live.InferenceVerticle;
import dev.livedigits.server.training.TrainingVerticle;

import dev.livedigits.data.SampleStore;
import dev.livedigits.nn.Kernels;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.SavedModel;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring: starts and stops the whole server on a Vert.x instance — loads and verifies the active
 * model, warms the JIT up on it, joins the node's {@link Topology}, then deploys the inference
 * workers, the training verticle and the HTTP verticles. Nothing here runs per request.
 */
public final class LiveDigitsServer {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDigitsServer.class);

    private final Vertx vertx;
    private final ServerConfig config;
    private final ModelRegistry registry;
    private final ServerMetrics metrics;
    /**
     * Where the training thread's news enters Vert.x (created on an event loop, so its thread runs).
     * Training runs at idle priority, and Linux gives every thread the priority of the thread that
     * started it: a training thread calling Vert.x directly could start an event loop lazily, which
     * would then serve connections at idle priority too (measured: p99 3.2× during a job).
     */
    private final Context control;
    private final List<HttpVerticle> httpVerticles = new CopyOnWriteArrayList<>();
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private boolean stopped;
    private AutoCloseable closeOnStop;

    private LiveDigitsServer(Vertx vertx, ServerConfig config) {
        this.vertx = vertx;
        this.control = vertx.getOrCreateContext();
        this.config = config;
        this.registry = new ModelRegistry(new ModelDirectory(config.weightsDir()));
        this.metrics = new ServerMetrics(() -> {
            SavedModel m = registry.current();
            return m == null ? "" : m.id();
        }, vertx);
    }

    /** A node on its own (tests, and {@code serve} without {@code CLUSTER}). */
    public static Future<LiveDigitsServer> start(Vertx vertx, ServerConfig config) {
        return start(vertx, config, Topology.ALONE);
    }

    /**
     * The whole product: labelled samples stored under {@code DATA_DIR/samples}, the model, the
     * node's place in its {@link Topology} (caught up before anything is served), then the inference
     * workers, the training verticle and the HTTP verticles with the admin API.
     */
    public static Future<LiveDigitsServer> start(Vertx vertx, ServerConfig config, Topology topology) {
        long began = System.nanoTime();
        return vertx.executeBlocking(() -> SampleStore.open(config.dataDir().resolve("samples")))
                .compose(store -> {
                    if (store.tornBytes() > 0 || store.skippedCorrupt() > 0) {
                        LOG.warn("labelled samples in " + store.file() + ": cut off a torn final record of " + store.tornBytes()
                                + " bytes, skipped " + store.skippedCorrupt() + " damaged records");
                    }
                    LOG.info("labelled samples: " + store.size() + " in " + store.file());
                    LiveDigitsServer server = new LiveDigitsServer(vertx, config);
                    server.closeOnStop = store::close;
                    return server.loadModel(topology)
                            .compose(v -> topology.join(vertx, server.registry, store, server.metrics))
                            .compose(ports -> server.warmUp().compose(warmUp -> server.deploy(store, ports, began).map(warmUp)))
                            .map(warmUp -> {
                                warmUp.finishInBackground(ms -> LOG.info("JIT warm-up finished in the background, " + ms + " ms after the server was ready"));
                                AutoCloseable closeRest = server.closeOnStop;
                                server.closeOnStop = () -> {
                                    warmUp.stop();
                                    closeRest.close();
                                };
                                return server;
                            })
                            .onFailure(e -> closeQuietly(server.closeOnStop));
                });
    }

    /**
     * Loads and verifies the active model. A cluster node may start with an empty weights
     * directory: its topology then brings the cluster's versions and active one before it serves.
     */
    private Future<Void> loadModel(Topology topology) {
        try {
            vertx.eventBus().registerDefaultCodec(Frame.class, new FrameCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // A second server on the same Vert.x instance (tests) shares the codec.
        }
        return vertx.<Void>executeBlocking(() -> {
            registry.loadActive();
            return null;
        }).recover(e -> {
            if (!topology.suppliesModels()) return Future.failedFuture(e);
            LOG.info("no model in " + config.weightsDir() + " yet (" + e.getMessage() + "): taking the cluster's");
            return Future.succeededFuture();
        });
    }

    /** The first phase of the JIT warm-up, until a frame is answered fast enough to serve (see {@link WarmUp}). */
    private Future<WarmUp> warmUp() {
        return vertx.executeBlocking(() -> {
            SavedModel model = registry.current();
            if (model == null) throw new IllegalStateException("no model to serve: none in " + config.weightsDir() + " and none from the cluster");
            WarmUp warmUp = new WarmUp(registry);
            long warm = warmUp.untilReady();
            LOG.info(String.format(Locale.ROOT, "model %s loaded from %s (%s, test accuracy %.4f), JIT warmed in %d ms (until a frame took under %.1f ms), %s",
                    model.id(), config.weightsDir(), model.network().architecture(), model.info().testAccuracy(), warm,
                    WarmUp.READY_MICROS / 1000.0, Kernels.describe()));
            return warmUp;
        });
    }

    private Future<Void> deploy(SampleStore store, Topology.Ports ports, long began) {
        // MNIST's test set and the drawn check, loaded when a job or a report first needs them, then shared.
        Supplier<ValidationSets> validation = ValidationSets.lazy(config::mnistDir);
        registry.onChange(swapped -> control.runOnContext(v -> announce(swapped)));
        return vertx.deployVerticle(() -> new InferenceVerticle(registry, metrics), new DeploymentOptions()
                        .setThreadingModel(ThreadingModel.WORKER)
                        .setWorkerPoolName("livedigits-inference")
                        .setWorkerPoolSize(config.inferenceWorkers())
                        .setInstances(config.inferenceWorkers()))
                .compose(id -> {
                    deployments.add(id);
                    return vertx.deployVerticle(new TrainingVerticle(config, registry, store, ports.activation(), ports.versions(), validation, ports.node()));
                })
                .compose(id -> {
                    deployments.add(id);
                    ModelReports reports = new ModelReports(registry.directory(), store, validation, config.trainingThreads(), config.trainingPriority());
                    AutoCloseable closeStore = closeOnStop;
                    closeOnStop = () -> {
                        reports.close();
                        closeStore.close();
                    };
                    AdminApi admin = new AdminApi(vertx, AdminAuth.forToken(config.adminToken()), registry, store, metrics,
                            ports.activation(), ports.labels(), ports.view(), reports);
                    // Port 0 means "any free port": every instance would get its own, so use one.
                    int instances = config.port() == 0 ? 1 : config.httpInstances();
                    ConnectionLimits connections = new ConnectionLimits(config.clients().maxConnections(), config.clients().maxPerAddress());
                    return vertx.deployVerticle(() -> {
                        HttpVerticle v = new HttpVerticle(config, registry, metrics, ports.labels(), admin, ports.view(), connections);
                        httpVerticles.add(v);
                        return v;
                    }, new DeploymentOptions().setInstances(instances));
                })
                .map(id -> {
                    deployments.add(id);
                    SavedModel model = registry.current();
                    LOG.info(String.format(Locale.ROOT, "live-digits listening on http://%s:%d (ws /ws), model %s accuracy %.4f, %d inference workers, started in %d ms",
                            config.host(), port(), model.id(), model.info().testAccuracy(), config.inferenceWorkers(),
                            (System.nanoTime() - began) / 1_000_000));
                    return null;
                });
    }

    /** After a swap: count it, log it, and push the {@code model} message to every open connection. */
    private void announce(SavedModel model) {
        metrics.modelSwapped();
        LOG.info(String.format(Locale.ROOT, "model swapped to %s (%s, test accuracy %.4f)", model.id(), model.network().architecture(), model.info().testAccuracy()));
        String message = new JsonObject().put("type", "model").put("model", model.id()).put("accuracy", model.info().testAccuracy()).encode();
        // Each node tells its own clients: the swap itself reaches every node through its Topology.
        vertx.eventBus().publish(Addresses.MODEL_CHANGED, message, new DeliveryOptions().setLocalOnly(true));
    }

    public int port() {
        return httpVerticles.get(0).actualPort();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Graceful stop, newest first: connections get their last answer and a close frame, then training, then the workers go. */
    public synchronized Future<Void> stop() {
        if (stopped) return Future.succeededFuture();
        stopped = true;
        Future<Void> chain = Future.succeededFuture();
        for (int i = deployments.size() - 1; i >= 0; i--) {
            String id = deployments.get(i);
            chain = chain.transform(ar -> vertx.undeploy(id));
        }
        return chain.onComplete(ar -> {
                    if (closeOnStop != null) closeQuietly(closeOnStop);
                    LOG.info("live-digits stopped");
                })
                .mapEmpty();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing " + c + ": " + e.getMessage());
        }
    }

}
