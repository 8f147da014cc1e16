package dev.livedigits.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The server's own {@code livedigits_*} meters, kept in a Micrometer registry of this server's, and
 * {@code GET /metrics}: those, the JVM's ({@link JvmMeters}) and, when the Vert.x was built by
 * {@link MeteredVertx}, Vert.x's HTTP, WebSocket and event-bus meters, in the Prometheus text format.
 * Hot-path updates hit meters registered up front: no lookup, no tag, no allocation per frame.
 */
public final class ServerMetrics {
    /**
     * Inference-latency histogram bucket upper bounds (the same as before Micrometer, so dashboards keep
     * working): normalization plus forward pass is tens of microseconds, so the default buckets
     * (milliseconds up) would put every frame in the first one.
     */
    private static final Duration[] BOUNDS = {micros(10), micros(25), micros(50), micros(100), micros(250), micros(500),
            micros(1_000), micros(2_500), micros(5_000), micros(10_000), micros(25_000), micros(100_000)};

    /** Per server, not shared: several servers in one JVM (tests, a bench) each count their own frames. */
    private final PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Optional<PrometheusMeterRegistry> vertxMeters;
    private final Counter predictions = counter("livedigits.predictions", "Frames answered with a prediction.");
    private final Counter emptyFrames = counter("livedigits.empty.frames", "Frames answered as empty (no pixel >= 64).");
    private final Counter framesReceived = counter("livedigits.frames.received", "Frames received over WebSocket and HTTP.");
    private final Counter stale = counter("livedigits.frames.dropped.stale",
            "Frames skipped because a newer frame of the same connection arrived (latest wins).");
    private final Counter modelSwaps = counter("livedigits.model.swaps", "Hot swaps of the active model.");
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Timer inference = Timer.builder("livedigits.inference")
            .description("Normalization plus forward pass per frame.")
            .serviceLevelObjectives(BOUNDS)
            .register(own);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Supplier<String> activeModel;
    /** The version the {@code livedigits_active_model} gauge shows; changed only while rendering. */
    private String shownModel;
    private Gauge activeModelGauge;

    /** Counts only the {@code livedigits_*} series and the JVM's (a Vert.x without metrics, a bench). */
    public ServerMetrics(Supplier<String> activeModel) {
        this(activeModel, Optional.empty());
    }

    /** Also renders {@code vertx}'s own meters when it was built by {@link MeteredVertx}. */
    public ServerMetrics(Supplier<String> activeModel, Vertx vertx) {
        this(activeModel, MeteredVertx.registry(vertx));
    }

    private ServerMetrics(Supplier<String> activeModel, Optional<PrometheusMeterRegistry> vertxMeters) {
        this.activeModel = activeModel;
        this.vertxMeters = vertxMeters;
        Gauge.builder("livedigits.open.connections", openConnections, AtomicInteger::get)
                .description("Open /ws connections.").strongReference(true).register(own);
    }

    public void frameReceived() { framesReceived.increment(); }

    public void frameDroppedStale() { stale.increment(); }

    public void modelSwapped() { modelSwaps.increment(); }

    public void connectionOpened() { openConnections.incrementAndGet(); }

    public void connectionClosed() { openConnections.decrementAndGet(); }

    /** Error codes are a small fixed set, so one counter per code stays bounded; looked up lock-free after the first. */
    public void error(String code) {
        Counter c = errors.get(code);
        if (c == null) {
            c = errors.computeIfAbsent(code, k -> Counter.builder("livedigits.errors")
                    .description("Error replies sent, by code.").tag("code", k).register(own));
        }
        c.increment();
    }

    /** One finished inference (normalization + forward pass) that took {@code nanos}. */
    public void inference(long nanos, boolean empty) {
        (empty ? emptyFrames : predictions).increment();
        inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    public long predictions() { return (long) predictions.count(); }

    public long staleDropped() { return (long) stale.count(); }

    public int openConnections() { return openConnections.get(); }

    public long errors(String code) {
        Counter c = errors.get(code);
        return c == null ? 0 : (long) c.count();
    }

    /** The Prometheus text page: this server's series, the JVM's, then Vert.x's (if it has metrics). */
    public String render() {
        showActiveModel();
        StringBuilder page = new StringBuilder(16_384).append(own.scrape()).append(JvmMeters.scrape());
        vertxMeters.ifPresent(r -> page.append(r.scrape()));
        return page.toString();
    }

    /**
     * The version is a label, and a Micrometer gauge's labels are fixed: on a swap the old version's
     * gauge goes and the new one's comes, so the page only ever shows the version being served.
     */
    private synchronized void showActiveModel() {
        String version = activeModel.get();
        if (version.equals(shownModel)) return;
        if (activeModelGauge != null) own.remove(activeModelGauge);
        activeModelGauge = Gauge.builder("livedigits.active.model", () -> 1)
                .description("The model version being served (value 1).").tag("version", version).register(own);
        shownModel = version;
    }

    private Counter counter(String name, String help) {
        return Counter.builder(name).description(help).register(own);
    }

    private static Duration micros(long us) {
        return Duration.ofNanos(us * 1_000);
    }
}
