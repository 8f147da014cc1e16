package dev.livedigits.server;

import dev.livedigits.cli.App;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench swap} against a real node: every client's push is timed, and the active version is put back. */
class SwapBenchmarkTest {
    private static final Map<String, String> ENV = Map.of("ADMIN_TOKEN", ServerFixture.TOKEN);
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void timesEveryClientsPushAndRestoresTheActiveVersion(@TempDir Path dir) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            String node = "http://127.0.0.1:" + f.port();
            int status = App.run(new String[] {"bench", "swap", "--nodes", node, "--rounds", "3", "--clients", "3"},
                    new PrintStream(bytes, true, StandardCharsets.UTF_8), System.err, () -> Future.failedFuture("unused"), ENV);
            String output = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, output);
            assertTrue(output.contains("round 1: activate " + ServerFixture.ALT), output);
            assertTrue(output.contains("3/3 pushes"), output);
            String last = output.strip().substring(output.strip().lastIndexOf('\n') + 1);
            assertTrue(last.startsWith("nodes=1 clients_per_node=3 rounds=3 spread_p50_ms="), last);
            assertTrue(last.endsWith("missed=0 stale_nodes=0"), last);
            assertEquals(ServerFixture.BASE, f.server.registry().current().id(), "the version active before is active again");
        }
    }

    @Test
    void refusesBadOptionsInOneLine() {
        assertRefused("bench swap: --nodes is required", ENV, "--rounds", "3");
        assertRefused("bench swap: --nodes wants http://host:port URLs, got 'ws://127.0.0.1:1/ws'", ENV, "--nodes", "ws://127.0.0.1:1/ws");
        assertRefused("bench swap: --rounds must be an integer in 1..200, got '0'", ENV, "--nodes", "http://127.0.0.1:1", "--rounds", "0");
        assertRefused("bench swap: set ADMIN_TOKEN to the nodes' admin token", Map.of(), "--nodes", "http://127.0.0.1:1");
    }

    /** Exit status 2 and exactly {@code message} on one line of stderr. */
    private static void assertRefused(String message, Map<String, String> env, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "bench";
        args[1] = "swap";
        System.arraycopy(options, 0, args, 2, options.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = App.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8), () -> Future.failedFuture("unused"), env);
        assertEquals(2, status);
        assertEquals(message + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }
}
