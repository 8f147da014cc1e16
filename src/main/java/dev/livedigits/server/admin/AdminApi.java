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
import dev.livedigits.server.training.TrainingJob;
import dev.livedigits.server.training.TrainingRequest;
import dev.livedigits.server.training.TrainingService;

import dev.livedigits.data.Normalizer;
import dev.livedigits.data.SampleStore;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFileException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API (contract §3) and the HTTP path for labels. Every {@code /admin} route passes
 * {@link AdminAuth} first. Anything that touches the disk runs as blocking work; training runs on
 * the {@link TrainingService}'s own thread.
 */
public final class AdminApi implements AdminRoutes {
    private final Vertx vertx;
    private final AdminAuth auth;
    private final TrainingService training;
    private final ModelRegistry registry;
    private final SampleStore samples;
    private final ServerMetrics metrics;
    /** Per client address: labels over HTTP are rate-limited like those over a WebSocket. */
    private final Map<String, RateLimiter> sampleLimits = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) { return size() > 4096; }
    };

    public AdminApi(Vertx vertx, AdminAuth auth, TrainingService training, ModelRegistry registry, SampleStore samples, ServerMetrics metrics) {
        this.vertx = vertx;
        this.auth = auth;
        this.training = training;
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
        router.get("/admin/train/:id").handler(ctx -> withJob(ctx, job -> ctx.json(job.toJson())));
        router.delete("/admin/train/:id").handler(this::cancelJob);
        router.get("/admin/train/:id/events").handler(this::events);
        router.get("/admin/models").handler(this::models);
        router.post("/admin/models/:id/activate").handler(this::activate);
        router.get("/admin/samples").handler(this::sampleCounts);
        router.get("/admin/samples/export/:part").handler(this::exportSamples);
        router.post("/api/samples").handler(BodyHandler.create(false).setBodyLimit(ServerConfig.MAX_BODY_BYTES)).handler(this::storeSample);
    }

    private void startJob(RoutingContext ctx) {
        TrainingRequest request;
        try {
            String body = ctx.body().asString();
            request = TrainingRequest.parse(body == null || body.isBlank() ? new JsonObject() : new JsonObject(body), training.threads());
        } catch (DecodeException e) {
            fail(ctx, 400, "bad_json", "the body must be a JSON object: " + e.getMessage());
            return;
        } catch (IllegalArgumentException | ClassCastException e) {
            fail(ctx, 400, "bad_parameter", e.getMessage());
            return;
        }
        Optional<TrainingJob> job = training.submit(request);
        if (job.isEmpty()) {
            String running = training.current().map(j -> j.id).orElse("?");
            fail(ctx, 409, "job_running", "job " + running + " is still running; cancel it with DELETE /admin/train/" + running);
            return;
        }
        ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                .putHeader("Location", "/admin/train/" + job.get().id)
                .end(new JsonObject().put("job", job.get().id).put("state", job.get().state().name()).encode());
    }

    private void currentJob(RoutingContext ctx) {
        Optional<TrainingJob> job = training.current();
        if (job.isEmpty()) fail(ctx, 404, "no_job", "no training job has run since the server started");
        else ctx.json(job.get().toJson());
    }

    private void cancelJob(RoutingContext ctx) {
        withJob(ctx, job -> {
            if (!job.cancel()) {
                fail(ctx, 409, "job_finished", "job " + job.id + " already ended: " + job.state().name());
                return;
            }
            ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("job", job.id).put("state", job.state().name()).put("cancelRequested", true).encode());
        });
    }

    /** Server-sent events: the job's history, then live events until it ends. */
    private void events(RoutingContext ctx) {
        withJob(ctx, job -> {
            HttpServerResponse response = ctx.response().setChunked(true)
                    .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
            long[] written = {0};
            MessageConsumer<JsonObject>[] consumer = new MessageConsumer[1];
            consumer[0] = vertx.eventBus().localConsumer(Addresses.TRAINING_EVENTS, m -> {
                JsonObject event = m.body();
                if (job.id.equals(event.getString("job"))) writeEvent(response, event, written, consumer[0]);
            });
            response.closeHandler(v -> consumer[0].unregister());
            for (JsonObject event : job.history()) writeEvent(response, event, written, consumer[0]);
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
                            .put("createdAt", m.info().trainedAt().toString()).put("training", description.getValue("training"));
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
        vertx.executeBlocking(() -> registry.activate(id))
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
            limiter = sampleLimits.computeIfAbsent(address, a -> new RateLimiter(5, 2000));
        }
        if (!limiter.tryAcquire()) {
            fail(ctx, 429, ProtocolError.RATE_LIMITED, "too many labels: at most 5 at once, then one every 2 seconds");
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
        vertx.executeBlocking(() -> samples.append(input, digit))
                .onSuccess(n -> ctx.json(new JsonObject().put("type", "labelled").put("digit", digit).put("samples", n)))
                .onFailure(e -> fail(ctx, 500, ProtocolError.INTERNAL, "could not store the sample: " + e.getMessage()));
    }

    private void withJob(RoutingContext ctx, java.util.function.Consumer<TrainingJob> action) {
        Optional<TrainingJob> job = training.job(ctx.pathParam("id"));
        if (job.isEmpty()) fail(ctx, 404, "no_such_job", "no training job '" + ctx.pathParam("id") + "'");
        else action.accept(job.get());
    }

    private void fail(RoutingContext ctx, int status, String code, String message) {
        metrics.error(code);
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.error(code, message, 0));
    }
}
