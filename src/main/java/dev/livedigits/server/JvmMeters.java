package dev.livedigits.server;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Memory, GC, threads, class loading, CPU and uptime of this JVM ({@code jvm_*}, {@code process_*},
 * {@code system_*}). One registry per process, bound once and never closed: these describe the
 * process, not a server, and several servers or Vert.x instances in one JVM would otherwise each
 * register a GC listener and repeat the same series.
 */
final class JvmMeters {
    private static final PrometheusMeterRegistry REGISTRY = bind();

    private JvmMeters() {}

    static String scrape() {
        return REGISTRY.scrape();
    }

    @SuppressWarnings("resource") // JvmGcMetrics lives as long as the JVM it observes.
    private static PrometheusMeterRegistry bind() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
