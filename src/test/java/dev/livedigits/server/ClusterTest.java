package dev.livedigits.server;

import dev.livedigits.cluster.ClusterConfig;
import dev.livedigits.cluster.ClusterStart;
import dev.livedigits.cluster.ClusterTopology;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes on loopback, each its own clustered Vert.x (Hazelcast, TCP-IP join) with its own
 * weights and data directories, behaving as one service (contract §7).
 */
class ClusterTest {
    private static final String QUICK_JOB = "{\"epochs\":1,\"conv\":[8],\"hidden\":[32],\"trainingImages\":3000,\"augment\":false,\"drawnSamples\":300,\"force\":true}";

    private final String name = "ld-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Node> nodes = new ArrayList<>();

    /** One node: its clustered Vert.x and the server on it. */
    private static final class Node {
        final ClusterConfig cluster;
        final Path dir;
        final int httpPort;
        Vertx vertx;
        ServerFixture server;
        AdminHttp http;

        Node(ClusterConfig cluster, Path dir, int httpPort) {
            this.cluster = cluster;
            this.dir = dir;
            this.httpPort = httpPort;
        }

        CompletableFuture<Node> start(boolean seed) {
            // Async: the server start blocks this thread, which must not be the event loop that completed the join.
            return ClusterStart.start(cluster).toCompletionStage().toCompletableFuture().thenApplyAsync(c -> {
                vertx = c.vertx();
                try {
                    server = new ServerFixture(vertx, dir, httpPort, new ClusterTopology(c.manager()), seed);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                http = new AdminHttp(httpPort);
                return this;
            });
        }

        void stop() throws Exception {
            if (server != null) server.close();
            if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server = null;
            vertx = null;
        }

        String model() throws Exception {
            return http.call("GET", "/api/model", null, null).json().getString("model");
        }
    }

    @AfterEach
    void stopAll() {
        for (Node n : nodes) {
            try {
                n.stop();
            } catch (Exception ignored) {
                // the test failed already; free what can be freed
            }
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    @DisplayName("three nodes act as one: a job trained on A is served by B and C and pushed to their clients, one job at a time cluster-wide, labels on C count on A, rollback from C, a node leaving mid-job frees the lock, a node restarted with no weights catches up")
    void threeNodesBehaveAsOne(@TempDir Path dir) throws Exception {
        int[] clusterPorts = {freePortPair(), freePortPair(), freePortPair()};
        List<String> seeds = Stream.of(0, 1, 2).map(i -> "127.0.0.1:" + clusterPorts[i]).toList();
        for (int i = 0; i < 3; i++) {
            nodes.add(new Node(new ClusterConfig("127.0.0.1", clusterPorts[i], seeds, name), dir.resolve("node" + i), ServerFixture.freePort()));
        }
        long began = System.nanoTime();
        CompletableFuture.allOf(nodes.stream().map(n -> n.start(true)).toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        System.out.printf("cluster of 3 formed and serving in %d ms%n", (System.nanoTime() - began) / 1_000_000);
        Node a = nodes.get(0), b = nodes.get(1), c = nodes.get(2);
        for (Node n : nodes) {
            JsonObject health = n.http.call("GET", "/health", null, null).json();
            assertEquals(3, health.getJsonObject("cluster").getInteger("members"), health.encode());
        }
        assertEquals(3, c.http.admin("GET", "/admin/cluster", null).json().getJsonArray("members").size());

        // A label on C is counted on A.
        String sample = "{\"pixels\":" + pixels(1) + ",\"digit\":2}";
        assertEquals(200, c.http.call("POST", "/api/samples", sample, null).status());
        await(() -> total(a) == 1, "the label stored on C reaches A");

        try (TestClient onB = new TestClient(b.vertx, b.httpPort); TestClient onC = new TestClient(c.vertx, c.httpPort)) {
            // The live path stays on its node: 200 predictions on B put no event-bus message on A or C.
            java.util.concurrent.atomic.AtomicInteger reachedOthers = new java.util.concurrent.atomic.AtomicInteger();
            for (Node other : List.of(a, c)) {
                other.vertx.eventBus().addInboundInterceptor(ctx -> {
                    reachedOthers.incrementAndGet();
                    ctx.next();
                });
            }
            for (int i = 0; i < 200; i++) {
                onB.sendBinary(ServerFixture.digit(i, 28));
                assertEquals(i + 1, onB.next("prediction").getInteger("seq"));
            }
            assertEquals(0, reachedOthers.get(), "event-bus messages on A and C while B served 200 predictions");
            // One job cluster-wide: A trains, B is told 409.
            AdminHttp.Response started = a.http.admin("POST", "/admin/train", QUICK_JOB);
            assertEquals(202, started.status(), started.body());
            String job = started.json().getString("job");
            AdminHttp.Response second = b.http.admin("POST", "/admin/train", QUICK_JOB);
            assertEquals(409, second.status(), second.body());
            assertTrue(second.json().getString("message").contains(job), second.body());
            // Followed from C while it runs on A: the SSE stream carries A's events, in order, to the end.
            List<JsonObject> events = c.http.events("/admin/train/" + job + "/events");
            for (int i = 0; i < events.size(); i++) assertEquals(i + 1, events.get(i).getInteger("n"), "events in order: " + events);
            assertEquals("succeeded", events.get(events.size() - 1).getString("state"), events.toString());
            assertTrue(events.stream().anyMatch(e -> "epoch".equals(e.getString("type"))), "an epoch event: " + events);
            JsonObject end = c.http.waitForEnd(job);
            assertEquals("succeeded", end.getString("state"), end.encode());
            // The label reached A's job: trained on, or (for ~1 in 5 identities) held out for the gate.
            assertEquals(1, end.getInteger("userSamples") + end.getInteger("heldOutSamples"), "the label from C reached A's job: " + end.encode());
            String version = end.getString("version");
            long swapped = System.nanoTime();
            for (Node n : nodes) await(() -> version.equals(modelOf(n)), "every node serves " + version);
            assertEquals(version, onB.next("model").getString("model"));
            assertEquals(version, onC.next("model").getString("model"));
            System.out.printf("all 3 nodes served %s within %d ms of the job's end being seen%n", version, (System.nanoTime() - swapped) / 1_000_000);
            assertTrue(reachedOthers.get() > 0, "the same interceptors do see cluster traffic (job events, copies, activation)");
            // No job ran twice: exactly one new version, the same file, on every node.
            for (Node n : nodes) assertEquals(1, newVersions(n).size(), "one new version on " + n.dir);

            // Rollback from C swaps everyone back.
            assertEquals(200, c.http.admin("POST", "/admin/models/" + ServerFixture.BASE + "/activate", null).status());
            for (Node n : nodes) await(() -> ServerFixture.BASE.equals(modelOf(n)), "every node rolled back");
            assertEquals(ServerFixture.BASE, onB.next("model").getString("model"));
            assertEquals(ServerFixture.BASE, onC.next("model").getString("model"));

            // A version C lacks (say its copy was lost) is fetched from a peer when it is activated on C.
            Files.delete(c.dir.resolve(version + ".json"));
            AdminHttp.Response again = c.http.admin("POST", "/admin/models/" + version + "/activate", null);
            assertEquals(200, again.status(), again.body());
            assertTrue(Files.exists(c.dir.resolve(version + ".json")), "C fetched " + version + " back");
            for (Node n : nodes) await(() -> version.equals(modelOf(n)), "every node serves " + version + " again");
            assertEquals(404, c.http.admin("POST", "/admin/models/v20990101-000000-none/activate", null).status(),
                    "a version no node has is still missing");
            assertEquals(200, c.http.admin("POST", "/admin/models/" + ServerFixture.BASE + "/activate", null).status());
            for (Node n : nodes) await(() -> ServerFixture.BASE.equals(modelOf(n)), "every node rolled back again");
        }

        // B leaves while it trains: the job ends (cancelled by B on its way out, or failed by the
        // janitor if B could not say so), the lock is free again, nothing hangs.
        AdminHttp.Response onB = b.http.admin("POST", "/admin/train", "{\"epochs\":3,\"trainingImages\":20000}");
        assertEquals(202, onB.status(), onB.body());
        String leaving = onB.json().getString("job");
        await(() -> "running".equals(state(a, leaving)), "B's job runs");
        b.stop();
        await(() -> members(a) == 2, "A sees B leave");
        JsonObject ended = a.http.waitForEnd(leaving);
        assertTrue(List.of("failed", "cancelled").contains(ended.getString("state")), ended.encode());
        AdminHttp.Response next = a.http.admin("POST", "/admin/train", QUICK_JOB);
        assertEquals(202, next.status(), "the lock went with B: " + next.body());
        assertEquals(202, a.http.admin("DELETE", "/admin/train/" + next.json().getString("job"), null).status());
        a.http.waitForEnd(next.json().getString("job"));

        // A label is taught while B is away; B comes back with an empty weights directory.
        assertEquals(200, c.http.call("POST", "/api/samples", "{\"pixels\":" + pixels(2) + ",\"digit\":1}", null).status());
        try (Stream<Path> files = Files.list(b.dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) Files.delete(f);
            }
        }
        long restarted = System.nanoTime();
        b.start(false).get(90, TimeUnit.SECONDS);
        System.out.printf("node restarted with an empty weights directory was UP in %d ms%n", (System.nanoTime() - restarted) / 1_000_000);
        assertEquals(ServerFixture.BASE, b.model(), "B serves the cluster's active version");
        assertEquals(1, newVersions(b).size(), "B has the trained version back");
        assertEquals(2, total(b), "B has the label taught while it was away");
        assertEquals(3, members(b));
    }

    private static String modelOf(Node n) {
        try {
            return n.model();
        } catch (Exception e) {
            return null;
        }
    }

    private static String state(Node n, String job) {
        try {
            return n.http.admin("GET", "/admin/train/" + job, null).json().getString("state");
        } catch (Exception e) {
            return null;
        }
    }

    private static long total(Node n) {
        try {
            return n.http.admin("GET", "/admin/samples", null).json().getLong("total");
        } catch (Exception e) {
            return -1;
        }
    }

    private static int members(Node n) {
        try {
            return n.http.call("GET", "/health", null, null).json().getJsonObject("cluster").getInteger("members");
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<Path> newVersions(Node n) throws IOException {
        try (Stream<Path> files = Files.list(n.dir)) {
            return files.filter(f -> f.getFileName().toString().matches("v\\d{8}-.*\\.json")).toList();
        }
    }

    private static String pixels(int testIndex) {
        byte[] digit = ServerFixture.digit(testIndex, 28);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < digit.length; i++) sb.append(i == 0 ? "" : ",").append((digit[i] & 0xff) / 255.0);
        return sb.append(']').toString();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 30 s: " + what);
            Thread.sleep(50);
        }
    }

    /** A free port whose successor is free too (Hazelcast's port, then the event bus's). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = first.getLocalPort();
                if (p >= 65535) continue;
                try (ServerSocket second = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no two adjacent free ports found");
    }
}
