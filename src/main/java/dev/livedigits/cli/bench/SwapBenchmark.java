package dev.livedigits.cli.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench swap}: how fast an activation reaches every node of a cluster and every client drawing on it.
 * Opens K WebSockets to each node, then R times activates a version through the admin API (on node
 * {@code r mod N}, alternating between the active version and the newest other one) and times each client's
 * {@code {"type":"model"}} push. The spread (last push − first push) is the figure the cluster promises; each
 * node's {@code /api/model} is checked after every round. The originally active version is restored at the end.
 * A measuring program against running servers, so it blocks freely (it is no part of the server).
 */
public final class SwapBenchmark {
    static final int MAX_NODES = 16;
    static final int MAX_ROUNDS = 200;
    static final int MAX_CLIENTS = 50;
    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    /** Time for each connection's greeting, if any, to arrive before the pushes are counted. */
    private static final long SETTLE_MS = 500;
    private static final long BETWEEN_ROUNDS_MS = 300;

    private final List<URI> nodes;
    private final int rounds;
    private final int clientsPerNode;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private SwapBenchmark(List<URI> nodes, int rounds, int clientsPerNode, String token) {
        this.nodes = nodes;
        this.rounds = rounds;
        this.clientsPerNode = clientsPerNode;
        this.token = token;
    }

    /** Runs the rounds against {@code nodes} (checked by {@link SwapBenchCommand}); 0 when every push arrived and every node served each version. */
    static int run(List<URI> nodes, int rounds, int clientsPerNode, String token, PrintStream out) throws Exception {
        return new SwapBenchmark(nodes, rounds, clientsPerNode, token).measure(out);
    }

    private int measure(PrintStream out) throws Exception {
        JsonObject models = new JsonObject(get(nodes.get(0), "/admin/models", true));
        String original = models.getString("active");
        String other = newestOther(models.getJsonArray("models"), original);
        List<PushListener> clients = new ArrayList<>();
        try {
            for (URI node : nodes) {
                for (int i = 0; i < clientsPerNode; i++) clients.add(PushListener.open(http, wsUrl(node)));
            }
            Thread.sleep(SETTLE_MS);
            clients.forEach(PushListener::forget);

            double[] spreads = new double[rounds];
            double[] totals = new double[rounds];
            int missed = 0;
            int stale = 0;
            for (int r = 0; r < rounds; r++) {
                String target = r % 2 == 0 ? other : original;
                URI via = nodes.get(r % nodes.size());
                long asked = System.nanoTime();
                activate(via, target);
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (PushListener client : clients) {
                    long at = client.awaitPush(target, PUSH_TIMEOUT);
                    if (at < 0) {
                        missed++;
                        continue;
                    }
                    first = Math.min(first, at);
                    last = Math.max(last, at);
                }
                for (URI node : nodes) {
                    String serving = new JsonObject(get(node, "/api/model", false)).getString("model");
                    if (!target.equals(serving)) stale++;
                }
                spreads[r] = first == Long.MAX_VALUE ? Double.NaN : (last - first) / 1e6;
                totals[r] = last == Long.MIN_VALUE ? Double.NaN : (last - asked) / 1e6;
                out.printf("round %d: activate %s on %s: %d/%d pushes, spread %.1f ms, request to last push %.1f ms%n",
                        r + 1, target, via, clients.size() - (int) clients.stream().filter(c -> c.lastMissed).count(),
                        clients.size(), spreads[r], totals[r]);
                Thread.sleep(BETWEEN_ROUNDS_MS);
            }
            if (rounds % 2 == 1) activate(nodes.get(0), original);
            Arrays.sort(spreads);
            Arrays.sort(totals);
            out.printf("bench swap: %d nodes x %d clients, %d activations: push spread p50 %.1f ms max %.1f ms; "
                            + "request to last push p50 %.1f ms max %.1f ms; pushes missed %d; nodes not serving the version %d%n",
                    nodes.size(), clientsPerNode, rounds, median(spreads), spreads[rounds - 1], median(totals), totals[rounds - 1],
                    missed, stale);
            out.printf("nodes=%d clients_per_node=%d rounds=%d spread_p50_ms=%.1f spread_max_ms=%.1f request_to_last_p50_ms=%.1f"
                            + " request_to_last_max_ms=%.1f missed=%d stale_nodes=%d%n",
                    nodes.size(), clientsPerNode, rounds, median(spreads), spreads[rounds - 1], median(totals), totals[rounds - 1],
                    missed, stale);
            return missed == 0 && stale == 0 ? 0 : 1;
        } finally {
            clients.forEach(PushListener::close);
        }
    }

    private static String newestOther(JsonArray models, String active) {
        String newest = null;
        String newestAt = "";
        for (int i = 0; i < models.size(); i++) {
            JsonObject m = models.getJsonObject(i);
            String at = String.valueOf(m.getValue("createdAt"));
            if (m.containsKey("error")) continue; // a damaged file: activation would refuse it
            if (!m.getString("model").equals(active) && (newest == null || at.compareTo(newestAt) > 0)) {
                newest = m.getString("model");
                newestAt = at;
            }
        }
        if (newest == null) throw new IllegalStateException("bench swap needs a second saved version to swap to; train one first");
        return newest;
    }

    private void activate(URI node, String version) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(node.resolve("/admin/models/" + version + "/activate"))
                .timeout(HTTP_TIMEOUT).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("activating " + version + " on " + node + ": " + response.statusCode() + " " + response.body());
        }
    }

    private String get(URI node, String path, boolean admin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(HTTP_TIMEOUT).GET();
        if (admin) request.header("Authorization", "Bearer " + token);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + node.resolve(path) + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static URI wsUrl(URI node) {
        return URI.create("ws://" + node.getHost() + ":" + node.getPort() + "/ws");
    }

    private static final class PushListener implements WebSocket.Listener {
        private record Push(String model, long at) {}

        private final BlockingQueue<Push> pushes = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        boolean lastMissed;

        static PushListener open(HttpClient http, URI url) throws Exception {
            PushListener listener = new PushListener();
            listener.socket = http.newWebSocketBuilder().connectTimeout(HTTP_TIMEOUT).buildAsync(url, listener)
                    .get(HTTP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long at = System.nanoTime();
            partial.append(data);
            if (last) {
                JsonObject message = new JsonObject(partial.toString());
                partial.setLength(0);
                if ("model".equals(message.getString("type"))) pushes.add(new Push(message.getString("model"), at));
            }
            webSocket.request(1);
            return null;
        }

        void forget() {
            pushes.clear();
        }

        /** The arrival time (nanoTime) of the push announcing {@code model}, or -1 if none came in time. */
        long awaitPush(String model, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Push push = pushes.poll(left, TimeUnit.NANOSECONDS);
                if (push == null) break;
                if (push.model().equals(model)) {
                    lastMissed = false;
                    return push.at();
                }
            }
            lastMissed = true;
            return -1;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }
}
