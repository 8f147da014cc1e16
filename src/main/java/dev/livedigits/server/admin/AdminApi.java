package dev.livedigits.server.admin;

import dev.livedigits.server.Addresses;
import dev.livedigits.server.HttpVerticle;
import dev.livedigits.server.Json;
import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.RateLimiter;
import dev.livedigits.server.ServerConfig;
import dev.livedigits.server.ServerMetrics;
import dev.livedigits.server.live.ClientMessage;
import dev.livedigits.server.live.FrameParser;
import dev.livedigits.server.live.ProtocolError;
import dev.livedigits.server.ClusterView;
import dev.livedigits.server.LabelSink;
import dev.livedigits.server.ModelActivation;
import dev.livedigits.server.training.JobBoard;

import dev.livedigits.data.Normalizer;
import dev.livedigits.data.SampleStore;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFileException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API (contract §3) and the HTTP path for labels. Every {@code /admin} route passes
 * {@link AdminAuth} first. Anything that touches the disk runs as blocking work; training runs on
 * the training verticle (reached over the event bus); activation goes through {@link ModelActivation},
 * labels through {@link LabelSink}, so the same routes act on the whole cluster when it is one.
 */
public final class AdminApi implements AdminRoutes {
    private final Vertx vertx;
    private final AdminAuth auth;
    private final JobBoard jobs;
    private final ModelActivation activation;
    private final LabelSink labels;
    private final ClusterView cluster;
    private final ModelRegistry registry;
    private final SampleStore samples;
    private final ServerMetrics metrics;
    private final ModelReports reports;
    /** Per client address: labels over HTTP are rate-limited like those over a WebSocket. */
    private final Map<String, RateLimiter> sampleLimits = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) { return size() > 4096; }
    };

    public AdminApi(Vertx vertx, AdminAuth auth, ModelRegistry registry, SampleStore samples, ServerMetrics metrics,
                    ModelActivation activation, LabelSink labels, ClusterView cluster, ModelReports reports) {
        this.reports = reports;
        this.jobs = new JobBoard(vertx);
        this.activation = activation;
        this.labels = labels;
        this.cluster = cluster;
        this.vertx = vertx;
        this.auth = auth;
        this.registry = registry;
        this.samples = samples;
        this.metrics = metrics;
    }

    @Override
    public void mount(Router router) {
        router.route("/admin/*").handler(auth);
        router.post("/admin/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.post("/admin/train").handler(this::startJob);
        router.get("/admin/train").handler(this::currentJob);
        router.get("/admin/train/:id").handler(ctx -> withJob(ctx, job -> ctx.json(status(job))));
        router.delete("/admin/train/:id").handler(this::cancelJob);
        router.get("/admin/train/:id/events").handler(this::events);
        router.get("/admin/models").handler(this::models);
        router.post("/admin/models/:id/activate").handler(this::activate);
        router.get("/admin/models/:id/report").handler(this::report);
        router.get("/admin/samples").handler(this::sampleCounts);
        router.get("/admin/cluster").handler(ctx -> cluster.members()
                .onSuccess(members -> ctx.json(new JsonObject().put("members", members)))
                .onFailure(e -> fail(ctx, 500, "internal", e.getMessage())));
        router.get("/admin/samples/export/:part").handler(this::exportSamples);
        router.post("/api/samples").handler(BodyHandler.create(false).setBodyLimit(ServerConfig.MAX_BODY_BYTES)).handler(this::storeSample);
    }

    /** Handed to this node's training verticle, which takes the cluster-wide job lock or answers 409. */
    private void startJob(RoutingContext ctx) {
        JsonObject body;
        try {
            String text = ctx.body().asString();
            body = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (DecodeException e) {
            fail(ctx, 400, "bad_json", "the body must be a JSON object: " + e.getMessage());
            return;
        }
        vertx.eventBus().<JsonObject>request(Addresses.TRAINING_SUBMIT, body, new DeliveryOptions().setLocalOnly(true))
                .onSuccess(reply -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                        .putHeader("Location", "/admin/train/" + reply.body().getString("job"))
                        .end(new JsonObject().put("job", reply.body().getString("job")).put("state", reply.body().getString("state")).encode()))
                .onFailure(e -> {
                    int code = e instanceof ReplyException r ? r.failureCode() : 500;
                    if (code == 409) {
                        String running = e.getMessage();
                        fail(ctx, 409, "job_running", "job " + running + " is still running; cancel it with DELETE /admin/train/" + running);
                    } else if (code == 400) {
                        fail(ctx, 400, "bad_parameter", e.getMessage());
                    } else {
                        fail(ctx, 500, "internal", "the training verticle did not take the job: " + e.getMessage());
                    }
                });
    }

    private void currentJob(RoutingContext ctx) {
        jobs.current().onSuccess(job -> {
            if (job == null) fail(ctx, 404, "no_job", "no training job has run yet");
            else ctx.json(status(job));
        }).onFailure(e -> fail(ctx, 500, "internal", e.getMessage()));
    }

    /** A job's status as the API shows it: the snapshot without its event log. */
    private static JsonObject status(JsonObject snapshot) {
        JsonObject status = snapshot.copy();
        status.remove("events");
        return status;
    }

    /** Cancel goes to the node running the job, wherever that is. */
    private void cancelJob(RoutingContext ctx) {
        withJob(ctx, job -> {
            String id = job.getString("job");
            if (JobBoard.finished(job)) {
                fail(ctx, 409, "job_finished", "job " + id + " already ended: " + job.getString("state"));
                return;
            }
            vertx.eventBus().<JsonObject>request(Addresses.trainingCancel(job.getString("node")), id)
                    .onSuccess(reply -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json").end(reply.body().encode()))
                    .onFailure(e -> fail(ctx, 409, "job_unreachable", "job " + id + " runs on node " + job.getString("node")
                            + ", which did not answer (" + e.getMessage() + "); a job whose node left the cluster is marked failed"));
        });
    }

    /** Server-sent events: the job's history, then live events (published by whichever node runs it) until it ends. */
    private void events(RoutingContext ctx) {
        withJob(ctx, job -> {
            String id = job.getString("job");
            HttpServerResponse response = ctx.response().setChunked(true)
                    .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
            long[] written = {0};
            // Live events that arrive before the history is written wait here; the event numbers drop repeats.
            List<JsonObject> early = new ArrayList<>();
            boolean[] replayed = {false};
            MessageConsumer<JsonObject>[] consumer = new MessageConsumer[1];
            consumer[0] = vertx.eventBus().consumer(Addresses.TRAINING_EVENTS, m -> {
                JsonObject event = m.body();
                if (!id.equals(event.getString("job"))) return;
                if (replayed[0]) writeEvent(response, event, written, consumer[0]);
                else early.add(event);
            });
            response.closeHandler(v -> consumer[0].unregister());
            // Events published before the consumer was registered everywhere are in the board: read it once registered.
            consumer[0].completion().compose(v -> jobs.job(id)).onComplete(ar -> {
                JsonObject latest = ar.succeeded() && ar.result() != null ? ar.result() : job;
                JsonArray history = latest.getJsonArray("events", new JsonArray());
                for (int i = 0; i < history.size(); i++) writeEvent(response, history.getJsonObject(i), written, consumer[0]);
                for (JsonObject event : early) writeEvent(response, event, written, consumer[0]);
                replayed[0] = true;
            });
        });
    }

    private static void writeEvent(HttpServerResponse response, JsonObject event, long[] written, MessageConsumer<JsonObject> consumer) {
        long n = event.getLong("n");
        if (n <= written[0] || response.ended() || response.closed()) return;
        written[0] = n;
        response.write("event: " + event.getString("type") + "\nid: " + n + "\ndata: " + event.encode() + "\n\n");
        String state = event.getString("state");
        if ("state".equals(event.getString("type")) && state != null && !state.equals("running") && !state.equals("queued")) {
            consumer.unregister();
            response.end();
        }
    }

    private void models(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            SavedModel active = registry.current();
            JsonArray list = new JsonArray();
            for (String id : registry.directory().ids()) {
                Path file = registry.directory().fileFor(id);
                JsonObject entry = new JsonObject().put("model", id).put("active", active != null && active.id().equals(id))
                        .put("sizeBytes", Files.size(file));
                try {
                    SavedModel m = registry.directory().load(id); // verified once, then cached while unchanged
                    JsonObject description = HttpVerticle.describe(m);
                    entry.put("testAccuracy", m.info().testAccuracy()).put("architecture", description.getValue("architecture"))
                            .put("layers", description.getValue("layers")).put("parameters", description.getValue("parameters"))
                            .put("createdAt", m.info().trainedAt().toString()).put("trainedAt", m.info().trainedAt().toString()).put("training", description.getValue("training"));
                } catch (WeightsFileException e) {
                    entry.put("error", e.getMessage());
                }
                list.add(entry);
            }
            return new JsonObject().put("active", active == null ? null : active.id()).put("models", list);
        }).onSuccess(ctx::json).onFailure(e -> fail(ctx, 500, "internal", e.getMessage()));
    }

    private void activate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        activation.activate(id)
                .onSuccess(m -> ctx.json(new JsonObject().put("model", m.id()).put("accuracy", m.info().testAccuracy()).put("active", true)))
                .onFailure(e -> {
                    if (e instanceof WeightsFileException && e.getMessage().endsWith("no such file")) {
                        fail(ctx, 404, "no_such_model", "no model version '" + id + "' in " + registry.directory().dir());
                    } else if (e instanceof WeightsFileException || e instanceof IllegalArgumentException) {
                        fail(ctx, 422, "bad_model", "version '" + id + "' was not activated: " + e.getMessage());
                    } else if (e instanceof NoSuchFileException) {
                        fail(ctx, 404, "no_such_model", "no model version '" + id + "'");
                    } else {
                        fail(ctx, 500, "internal", e.getMessage());
                    }
                });
    }

    /** Computed once per version off the event loop (see {@link ModelReports}); 404 for a version not in the directory. */
    private void report(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        reports.report(vertx, id).onSuccess(ctx::json).onFailure(e -> {
            if (e instanceof ModelReports.NoSuchVersion) {
                fail(ctx, 404, "no_such_model", e.getMessage());
            } else if (e instanceof WeightsFileException) {
                fail(ctx, 422, "bad_model", "version '" + id + "' cannot be read: " + e.getMessage());
            } else {
                fail(ctx, 500, "internal", "the report of '" + id + "' could not be computed: " + e);
            }
        });
    }

    private void sampleCounts(RoutingContext ctx) {
        int[] counts = samples.countsPerDigit();
        JsonObject perDigit = new JsonObject();
        long total = 0;
        for (int d = 0; d < 10; d++) {
            perDigit.put(String.valueOf(d), counts[d]);
            total += counts[d];
        }
        ctx.json(new JsonObject().put("total", total).put("perDigit", perDigit).put("file", samples.file().toString())
                .put("skippedCorrupt", samples.skippedCorrupt()).put("tornBytesCutOff", samples.tornBytes())
                .put("export", new JsonArray().add("/admin/samples/export/images").add("/admin/samples/export/labels")));
    }

    private void exportSamples(RoutingContext ctx) {
        String part = ctx.pathParam("part");
        if (!part.equals("images") && !part.equals("labels")) {
            fail(ctx, 404, "not_found", "export parts are images and labels (IDX files)");
            return;
        }
        vertx.executeBlocking(() -> {
            Path dir = Files.createTempDirectory("livedigits-export");
            try {
                samples.exportIdx(dir.resolve("images"), dir.resolve("labels"));
                return Buffer.buffer(Files.readAllBytes(dir.resolve(part)));
            } finally {
                Files.deleteIfExists(dir.resolve("images"));
                Files.deleteIfExists(dir.resolve("labels"));
                Files.deleteIfExists(dir);
            }
        }).onSuccess(bytes -> ctx.response().putHeader("content-type", "application/octet-stream")
                .putHeader("content-disposition", "attachment; filename=\"user-" + part + "-idx" + (part.equals("images") ? "3" : "1") + "-ubyte\"")
                .end(bytes)).onFailure(e -> fail(ctx, 500, "internal", e.getMessage()));
    }

    /** {@code POST /api/samples} with {@code {"pixels":[…],"size":s,"digit":d}}: the HTTP twin of the label message. */
    private void storeSample(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
        RateLimiter limiter;
        synchronized (sampleLimits) {
            limiter = sampleLimits.computeIfAbsent(address, a -> RateLimiter.forLabels());
        }
        if (!limiter.tryAcquire()) {
            fail(ctx, 429, ProtocolError.RATE_LIMITED, RateLimiter.LABELS_EXCEEDED);
            return;
        }
        String body = ctx.body().asString();
        int digit;
        ClientMessage.FrameMessage frame;
        try {
            JsonObject json = new JsonObject(body == null ? "" : body);
            Object d = json.remove("digit");
            if (!(d instanceof Integer n) || n < 0 || n > 9) throw new ProtocolError(ProtocolError.BAD_LABEL, "digit must be an integer 0..9, got " + d);
            digit = n;
            if (!(FrameParser.parse(json.encode()) instanceof ClientMessage.FrameMessage f)) throw new ProtocolError(ProtocolError.UNKNOWN_TYPE, "send pixels and a digit");
            frame = f;
        } catch (DecodeException e) {
            fail(ctx, 400, ProtocolError.BAD_JSON, "malformed JSON: " + e.getMessage());
            return;
        } catch (ProtocolError e) {
            fail(ctx, 400, e.code(), e.getMessage());
            return;
        }
        byte[] input = new byte[Normalizer.OUT_SIZE];
        if (!new Normalizer().toMnist(frame.pixels(), 0, frame.side(), input, 0)) {
            fail(ctx, 400, ProtocolError.NO_FRAME, "the frame is empty: nothing to label");
            return;
        }
        labels.store(input, digit)
                .onSuccess(n -> ctx.json(new JsonObject().put("type", "labelled").put("digit", digit).put("samples", n)))
                .onFailure(e -> fail(ctx, 500, ProtocolError.INTERNAL, "could not store the sample: " + e.getMessage()));
    }

    private void withJob(RoutingContext ctx, java.util.function.Consumer<JsonObject> action) {
        jobs.job(ctx.pathParam("id")).onSuccess(job -> {
            if (job == null) fail(ctx, 404, "no_such_job", "no training job '" + ctx.pathParam("id") + "'");
            else action.accept(job);
        }).onFailure(e -> fail(ctx, 500, "internal", e.getMessage()));
    }

    private void fail(RoutingContext ctx, int status, String code, String message) {
        metrics.error(code);
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.error(code, message, 0));
    }
}
