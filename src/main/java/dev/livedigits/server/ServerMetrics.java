package dev.livedigits.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's counters, rendered in the Prometheus text format. Hot-path updates are single
 * {@link LongAdder} increments (no allocation, no contention between the event loops and workers).
 */
public final class ServerMetrics {
    /** Inference-latency histogram bucket upper bounds, in seconds. */
    private static final double[] BOUNDS = {10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 100e-3};

    private final LongAdder predictions = new LongAdder();
    private final LongAdder emptyFrames = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder modelSwaps = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder latencySumNanos = new LongAdder();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Supplier<String> activeModel;

    public ServerMetrics(Supplier<String> activeModel) {
        this.activeModel = activeModel;
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    public void frameReceived() { framesReceived.increment(); }

    public void frameDroppedStale() { stale.increment(); }

    public void modelSwapped() { modelSwaps.increment(); }

    public void connectionOpened() { openConnections.incrementAndGet(); }

    public void connectionClosed() { openConnections.decrementAndGet(); }

    public void error(String code) { errors.computeIfAbsent(code, c -> new LongAdder()).increment(); }

    /** One finished inference (normalization + forward pass) that took {@code nanos}. */
    public void inference(long nanos, boolean empty) {
        (empty ? emptyFrames : predictions).increment();
        latencySumNanos.add(nanos);
        double seconds = nanos / 1e9;
        int b = 0;
        while (b < BOUNDS.length && seconds > BOUNDS[b]) b++;
        buckets[b].increment();
    }

    public long predictions() { return predictions.sum(); }

    public long staleDropped() { return stale.sum(); }

    public int openConnections() { return openConnections.get(); }

    public long errors(String code) {
        LongAdder a = errors.get(code);
        return a == null ? 0 : a.sum();
    }

    public String render() {
        StringBuilder sb = new StringBuilder(2048);
        counter(sb, "livedigits_predictions_total", "Frames answered with a prediction.", predictions.sum());
        counter(sb, "livedigits_empty_frames_total", "Frames answered as empty (no pixel >= 64).", emptyFrames.sum());
        counter(sb, "livedigits_frames_received_total", "Frames received over WebSocket and HTTP.", framesReceived.sum());
        counter(sb, "livedigits_frames_dropped_stale_total", "Frames skipped because a newer frame of the same connection arrived (latest wins).", stale.sum());
        counter(sb, "livedigits_model_swaps_total", "Hot swaps of the active model.", modelSwaps.sum());
        sb.append("# HELP livedigits_errors_total Error replies sent, by code.\n# TYPE livedigits_errors_total counter\n");
        new TreeMap<>(errors).forEach((code, n) -> sb.append("livedigits_errors_total{code=\"").append(code).append("\"} ").append(n.sum()).append('\n'));
        sb.append("# HELP livedigits_inference_seconds Normalization plus forward pass per frame.\n# TYPE livedigits_inference_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += buckets[i].sum();
            sb.append("livedigits_inference_seconds_bucket{le=\"").append(String.format(Locale.ROOT, "%g", BOUNDS[i])).append("\"} ").append(cumulative).append('\n');
        }
        cumulative += buckets[BOUNDS.length].sum();
        sb.append("livedigits_inference_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        sb.append("livedigits_inference_seconds_sum ").append(String.format(Locale.ROOT, "%.6f", latencySumNanos.sum() / 1e9)).append('\n');
        sb.append("livedigits_inference_seconds_count ").append(cumulative).append('\n');
        sb.append("# HELP livedigits_open_connections Open /ws connections.\n# TYPE livedigits_open_connections gauge\n");
        sb.append("livedigits_open_connections ").append(openConnections.get()).append('\n');
        sb.append("# HELP livedigits_active_model The model version being served (value 1).\n# TYPE livedigits_active_model gauge\n");
        sb.append("livedigits_active_model{version=\"").append(activeModel.get()).append("\"} 1\n");
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(value).append('\n');
    }
}
