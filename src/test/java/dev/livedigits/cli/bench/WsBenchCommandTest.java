package dev.livedigits.cli.bench;

import dev.livedigits.cli.App;
import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options of {@code bench ws}, parsed by picocli and checked before anything starts. */
class WsBenchCommandTest {

    private static WsBenchOptions parse(String... args) {
        WsBenchCommand command = new WsBenchCommand(System.out, () -> Future.failedFuture("not started"));
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    @DisplayName("all options, in both --name value and --name=value forms")
    void parsesAll() {
        WsBenchOptions o = parse("--clients", "10", "--fps=30", "--seconds", "5", "--size", "112",
                "--url", "ws://10.0.0.2:8080/ws?input=1", "--warmup-seconds", "0", "--flood", "1");
        assertEquals(new WsBenchOptions(10, 30, 5, 112, 0, URI.create("ws://10.0.0.2:8080/ws?input=1"), true, false, 1), o);
        assertEquals("/ws?input=1", LoadRun.connectOptions(o.url()).getURI());
        assertEquals(8080, LoadRun.connectOptions(o.url()).getPort());
    }

    @Test
    @DisplayName("fps max (or 0) is the saturating mode; the warm-up defaults to 2 s, --url to the in-process server, --flood to 0")
    void defaults() {
        WsBenchOptions o = parse("--clients", "4", "--fps", "max", "--seconds", "1", "--size", "28");
        assertTrue(o.saturating());
        assertEquals("max", o.fpsLabel());
        assertEquals(2, o.warmupSeconds());
        assertNull(o.url());
        assertEquals(0, o.flood());
        assertEquals(1, o.floodRounds());
        assertTrue(parse("--clients", "4", "--fps", "0", "--seconds", "1", "--size", "28").saturating());
        assertTrue(o.echo());
        assertFalse(parse("--clients", "4", "--fps", "30", "--seconds", "1", "--size", "28", "--no-echo").echo());
        assertFalse(o.reconnect());
    }

    @Test
    @DisplayName("--reconnect is a flag (also --reconnect=true)")
    void reconnectFlag() {
        WsBenchOptions o = parse("--clients", "30", "--fps", "30", "--seconds", "20", "--size", "28",
                "--url", "ws://127.0.0.1:8080/ws", "--reconnect", "--no-echo");
        assertEquals(new WsBenchOptions(30, 30, 20, 28, 2, URI.create("ws://127.0.0.1:8080/ws"), false, true), o);
        assertTrue(parse("--clients", "1", "--fps", "1", "--seconds", "1", "--size", "28", "--reconnect=true").reconnect());
    }

    @Test
    @DisplayName("--activations is a flag that adds activations=1 to the predict URL's query (kept beside one it has)")
    void activationsFlag() {
        WsBenchOptions o = parse("--clients", "1", "--fps", "30", "--seconds", "1", "--size", "28", "--activations");
        assertTrue(o.activations());
        assertEquals(URI.create("ws://127.0.0.1:8080/ws?activations=1"), o.predictUrl(URI.create("ws://127.0.0.1:8080/ws")));
        assertEquals("/ws?input=1&activations=1", LoadRun.connectOptions(o.predictUrl(URI.create("ws://h:1/ws?input=1"))).getURI());
        WsBenchOptions off = parse("--clients", "1", "--fps", "30", "--seconds", "1", "--size", "28");
        assertFalse(off.activations());
        assertEquals(URI.create("ws://h:1/ws"), off.predictUrl(URI.create("ws://h:1/ws")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "--fps x => bench ws: --fps must be an integer in 1..1000 or max (= 0), got 'x'",
        "--fps -5 => bench ws: --fps must be an integer in 1..1000 or max (= 0), got '-5'",
        "--clients 0 => bench ws: --clients must be an integer in 1..1000, got '0'",
        "--size 27 => bench ws: --size must be an integer in 28..512, got '27'",
        "--seconds 1.5 => bench ws: --seconds must be an integer, got '1.5'",
        "--flood 101 => bench ws: --flood must be an integer in 0..100, got '101'",
        "--flood-rounds 0 => bench ws: --flood-rounds must be an integer in 1..10, got '0'",
        "--flood-rounds 11 => bench ws: --flood-rounds must be an integer in 1..10, got '11'",
        "--url http://host/ws => bench ws: --url must look like ws://host:port/ws, got 'http://host/ws'",
        "--colour red => bench ws: unknown option --colour",
        "--seconds => bench ws: option --seconds needs a value",
    })
    @DisplayName("bad options: exit 2 and one line naming the option and the value, before anything starts")
    void refusesBadOptions(String bad, String message) {
        String[] args = ("bench ws --clients 2 --fps 10 --seconds 1 --size 28 " + bad).split(" ");
        boolean[] started = {false};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = App.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), () -> {
            started[0] = true;
            return Future.succeededFuture("ws://127.0.0.1:1/ws");
        }, Map.of());
        assertEquals(2, status);
        assertEquals(message + System.lineSeparator(), err.toString(StandardCharsets.UTF_8), "one line");
        assertFalse(started[0], "refused before starting anything");
    }

    @Test
    @DisplayName("missing required options are named, an unknown option before them")
    void requiresOptions() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = App.run(new String[] {"bench", "ws", "--clients", "2", "--fps", "10", "--size", "28"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> Future.failedFuture("not started"), Map.of());
        assertEquals(2, status);
        assertEquals("bench ws: --seconds is required", err.toString(StandardCharsets.UTF_8).strip());
    }
}
