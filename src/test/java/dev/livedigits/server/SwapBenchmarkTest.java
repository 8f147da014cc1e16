package dev.livedigits.server;

import dev.livedigits.cli.bench.SwapBenchmark;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            int status = SwapBenchmark.run(new String[] {"--nodes", node, "--rounds", "3", "--clients", "3"}, 0,
                    new PrintStream(bytes, true, StandardCharsets.UTF_8), ENV);
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
        assertThrows(IllegalArgumentException.class, () -> SwapBenchmark.run(new String[] {"--rounds", "3"}, 0, System.out, ENV));
        assertThrows(IllegalArgumentException.class,
                () -> SwapBenchmark.run(new String[] {"--nodes", "ws://127.0.0.1:1/ws"}, 0, System.out, ENV));
        assertThrows(IllegalArgumentException.class,
                () -> SwapBenchmark.run(new String[] {"--nodes", "http://127.0.0.1:1", "--rounds", "0"}, 0, System.out, ENV));
        IllegalArgumentException noToken = assertThrows(IllegalArgumentException.class,
                () -> SwapBenchmark.run(new String[] {"--nodes", "http://127.0.0.1:1"}, 0, System.out, Map.of()));
        assertTrue(noToken.getMessage().contains("ADMIN_TOKEN"), noToken.getMessage());
    }
}
