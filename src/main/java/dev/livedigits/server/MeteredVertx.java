package dev.livedigits.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every Vert.x the server runs on ({@code serve}, a cluster node, {@code bench ws}'s in-process server)
 * is built here, with Vert.x's own HTTP server, WebSocket and event-bus meters in a Prometheus registry
 * of its own, which {@link ServerMetrics#render()} finds again by the Vert.x instance.
 */
public final class MeteredVertx {
    private static final AtomicInteger NEXT = new AtomicInteger();
    /** Weak keys: a closed and forgotten Vert.x takes its registry with it (tests start many). */
    private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());

    private MeteredVertx() {}

    /** A Vert.x on its own, with metrics. */
    public static Vertx standalone() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return remember(builder(new VertxOptions(), registry).build(), registry);
    }

    /** A clustered Vert.x with metrics; {@code options} carries the event bus's cluster host and port. */
    public static Future<Vertx> clustered(VertxOptions options, ClusterManager manager) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return builder(options, registry).withClusterManager(manager).buildClustered().map(v -> remember(v, registry));
    }

    /** The registry of a Vert.x built here; empty for any other (tests use {@code Vertx.vertx()}). */
    static Optional<PrometheusMeterRegistry> registry(Vertx vertx) {
        return Optional.ofNullable(REGISTRIES.get(vertx));
    }

    private static VertxBuilder builder(VertxOptions options, PrometheusMeterRegistry registry) {
        // A registry name of its own per Vert.x: vertx-micrometer keeps registries by name, and two Vert.x in
        // one JVM (a test cluster) under the default name would share, and mix, their meters.
        options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                .setRegistryName("live-digits-" + NEXT.incrementAndGet()));
        return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
    }

    private static Vertx remember(Vertx vertx, PrometheusMeterRegistry registry) {
        REGISTRIES.put(vertx, registry);
        return vertx;
    }
}
