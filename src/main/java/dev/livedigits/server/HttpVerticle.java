package dev.livedigits.server;

import dev.livedigits.server.admin.AdminRoutes;
import dev.livedigits.server.live.ClientMessage;
import dev.livedigits.server.live.ConnectionLimits;
import dev.livedigits.server.live.FrameParser;
import dev.livedigits.server.live.LiveSession;
import dev.livedigits.server.live.ProtocolError;
import dev.livedigits.server.live.ReplyExtras;

import dev.livedigits.model.SavedModel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side: {@code /ws}, {@code /api/predict}, {@code /api/model}, {@code /health},
 * {@code /metrics} and the static page. Thin: parsing and inference live elsewhere; this class wires
 * requests to the event bus and writes the answers.
 */
public final class HttpVerticle extends VerticleBase {
    private final ServerConfig config;
    private final ModelRegistry registry;
    private final ServerMetrics metrics;
    private final LabelSink labels;
    private final AdminRoutes admin;
    private final ClusterView cluster;
    private final ConnectionLimits connections;
    private final Set<LiveSession> sessions = new HashSet<>();
    private HttpServer server;
    private MessageConsumer<String> modelChanges;
    private long idleTimer;

    /** {@code connections} is shared by every instance of this verticle: the caps are the node's. */
    public HttpVerticle(ServerConfig config, ModelRegistry registry, ServerMetrics metrics, LabelSink labels, AdminRoutes admin,
                        ClusterView cluster, ConnectionLimits connections) {
        this.cluster = cluster;
        this.connections = connections;
        this.config = config;
        this.registry = registry;
        this.metrics = metrics;
        this.labels = labels;
        this.admin = admin;
    }

    @Override
    public Future<?> start() {
        modelChanges = vertx.eventBus().localConsumer(Addresses.MODEL_CHANGED, m -> {
            for (LiveSession s : sessions) s.pushModel(m.body());
        });
        HttpServerOptions options = new HttpServerOptions()
                .setMaxWebSocketFrameSize(ServerConfig.MAX_MESSAGE_BYTES)
                .setMaxWebSocketMessageSize(ServerConfig.MAX_MESSAGE_BYTES)
                .setPerMessageWebSocketCompressionSupported(true)
                .setCompressionSupported(true)
                .setIdleTimeout(0);
        server = vertx.createHttpServer(options).requestHandler(router());
        long idleNanos = TimeUnit.SECONDS.toNanos(config.clients().idleSeconds());
        // A few checks per idle period: a session is closed between 1 and 1.25 idle periods after its last frame.
        idleTimer = vertx.setPeriodic(TimeUnit.NANOSECONDS.toMillis(idleNanos) / 4, id -> {
            long now = System.nanoTime();
            for (LiveSession s : new ArrayList<>(sessions)) s.closeIfIdle(now, idleNanos);
        });
        return Future.join(modelChanges.completion(), server.listen(config.port(), config.host()));
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(new AccessLog());
        router.get("/ws").handler(this::upgrade);
        WebHardening.mount(router);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.render()));
        router.get("/api/model").handler(this::model);
        // Every API only takes JSON: treat every body as JSON, so that a `curl -d` body (sent as a
        // form) is read as bytes and answered as JSON, instead of failing in form decoding. A route
        // of its own, because Vert.x Web lets nothing but platform handlers precede a BodyHandler.
        router.post().handler(ctx -> {
            ctx.request().headers().set("content-type", "application/json");
            ctx.next();
        });
        router.post("/api/predict")
                .handler(BodyHandler.create(false).setBodyLimit(ServerConfig.MAX_BODY_BYTES))
                .handler(this::predict);
        if (admin != null) admin.mount(router);
        router.errorHandler(413, ctx -> ctx.response().setStatusCode(413).putHeader("content-type", "application/json")
                .end(Json.error(ProtocolError.MESSAGE_TOO_LARGE, "request body over " + ServerConfig.MAX_BODY_BYTES + " bytes", 0)));
        router.route("/*").handler(WebHardening.staticFiles());
        return router;
    }

    private void upgrade(RoutingContext ctx) {
        ReplyExtras extras = ReplyExtras.of(ctx.request());
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
        // Refused before the upgrade: a 429 any client (and a browser's console) can read, and no
        // WebSocket state is made for a connection that will not be served.
        Optional<String> refused = connections.tryAdmit(address);
        if (refused.isPresent()) {
            metrics.error(ProtocolError.TOO_MANY_CONNECTIONS);
            ctx.response().setStatusCode(429).putHeader("content-type", "application/json").putHeader("Retry-After", "5")
                    .end(Json.error(ProtocolError.TOO_MANY_CONNECTIONS, refused.get(), 0));
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            LiveSession[] self = new LiveSession[1];
            self[0] = new LiveSession(ws, vertx, config.inferenceTimeoutMillis(), extras, metrics, labels, config.clients(), () -> {
                sessions.remove(self[0]);
                connections.release(address);
            });
            sessions.add(self[0]);
            self[0].start();
        }).onFailure(e -> {
            connections.release(address);
            if (!ctx.response().ended()) ctx.response().setStatusCode(400).end("expected a WebSocket upgrade: " + e.getMessage());
        });
    }

    private void health(RoutingContext ctx) {
        SavedModel model = registry.current();
        if (model == null) {
            ctx.response().setStatusCode(503).putHeader("content-type", "application/json").end("{\"status\":\"DOWN\",\"reason\":\"no model loaded\"}");
            return;
        }
        JsonObject health = new JsonObject().put("status", "UP").put("model", model.id()).put("accuracy", model.info().testAccuracy())
                .put("openConnections", metrics.openConnections());
        JsonObject members = cluster.health();
        if (members != null) health.put("cluster", members);
        ctx.json(health);
    }

    private void model(RoutingContext ctx) {
        SavedModel model = registry.current();
        ctx.json(describe(model));
    }

    public static JsonObject describe(SavedModel model) {
        JsonArray layers = new JsonArray();
        for (int s : model.architecture().layerSizes()) layers.add(s);
        return new JsonObject()
                .put("model", model.id())
                .put("architecture", model.architecture().describe())
                .put("layers", layers)
                .put("testAccuracy", model.info().testAccuracy())
                .put("createdAt", model.info().trainedAt().toString())
                // The first name of this field, kept for clients written against it; createdAt is the documented one.
                .put("trainedAt", model.info().trainedAt().toString())
                .put("parameters", model.architecture().parameterCount())
                .put("seed", model.info().seed())
                .put("training", new JsonObject(model.info().training()));
    }

    private void predict(RoutingContext ctx) {
        ClientMessage parsed;
        try {
            String body = ctx.body().asString();
            parsed = FrameParser.parse(body == null ? "" : body);
        } catch (ProtocolError e) {
            badRequest(ctx, e);
            return;
        }
        if (!(parsed instanceof ClientMessage.FrameMessage f)) {
            badRequest(ctx, new ProtocolError(ProtocolError.UNKNOWN_TYPE, "POST /api/predict takes a frame: {\"pixels\":[784 numbers in 0..1]}"));
            return;
        }
        metrics.frameReceived();
        vertx.eventBus().<String>request(Addresses.PREDICT, ReplyExtras.of(ctx.request()).frame(f.pixels(), f.side(), 0),
                        new DeliveryOptions().setSendTimeout(config.inferenceTimeoutMillis()).setLocalOnly(true))
                .onSuccess(reply -> ctx.response().putHeader("content-type", "application/json").end(reply.body()))
                .onFailure(e -> {
                    metrics.error(ProtocolError.OVERLOADED);
                    ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
                            .end(Json.error(ProtocolError.OVERLOADED, "no inference worker answered in time", 0));
                });
    }

    private void badRequest(RoutingContext ctx, ProtocolError e) {
        metrics.error(e.code());
        int status = e.code().equals(ProtocolError.MESSAGE_TOO_LARGE) ? 413 : 400;
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(e.toJson(0));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(idleTimer);
        List<Future<Void>> closing = new ArrayList<>();
        for (LiveSession s : new ArrayList<>(sessions)) closing.add(s.close());
        return Future.join(closing).transform(ar -> server.close()).transform(ar -> modelChanges.unregister());
    }
}
