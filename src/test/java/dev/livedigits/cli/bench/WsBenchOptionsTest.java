package dev.livedigits.cli.bench;

import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WsBenchOptionsTest {

    @Test
    @DisplayName("all options, in both --name value and --name=value forms, after the subcommand words")
    void parsesAll() {
        WsBenchOptions o = WsBenchOptions.parse(new String[] {"bench", "ws", "--clients", "10", "--fps=30",
                "--seconds", "5", "--size", "112", "--url", "ws://10.0.0.2:8080/ws?input=1", "--warmup-seconds", "0"}, 2);
        assertEquals(new WsBenchOptions(10, 30, 5, 112, 0, URI.create("ws://10.0.0.2:8080/ws?input=1"), true), o);
        assertEquals("/ws?input=1", LoadRun.connectOptions(o.url()).getURI());
        assertEquals(8080, LoadRun.connectOptions(o.url()).getPort());
    }

    @Test
    @DisplayName("fps max (or 0) is the saturating mode; the warm-up defaults to 2 s and --url to the in-process server")
    void defaults() {
        WsBenchOptions o = WsBenchOptions.parse(new String[] {"--clients", "4", "--fps", "max", "--seconds", "1", "--size", "28"}, 0);
        assertTrue(o.saturating());
        assertEquals("max", o.fpsLabel());
        assertEquals(2, o.warmupSeconds());
        assertNull(o.url());
        assertTrue(WsBenchOptions.parse(new String[] {"--clients", "4", "--fps", "0", "--seconds", "1", "--size", "28"}, 0).saturating());
        assertTrue(o.echo());
        assertFalse(WsBenchOptions.parse(new String[] {"--clients", "4", "--fps", "30", "--seconds", "1", "--size", "28", "--no-echo"}, 0).echo());
        assertFalse(o.reconnect());
    }

    @Test
    @DisplayName("--reconnect is a flag (also --reconnect=true)")
    void reconnectFlag() {
        WsBenchOptions o = WsBenchOptions.parse(new String[] {"--clients", "30", "--fps", "30", "--seconds", "20", "--size", "28",
                "--url", "ws://127.0.0.1:8080/ws", "--reconnect", "--no-echo"}, 0);
        assertEquals(new WsBenchOptions(30, 30, 20, 28, 2, URI.create("ws://127.0.0.1:8080/ws"), false, true), o);
        assertTrue(WsBenchOptions.parse(new String[] {"--clients", "1", "--fps", "1", "--seconds", "1", "--size", "28",
                "--reconnect=true"}, 0).reconnect());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "--fps x => bench ws: --fps must be an integer in 1..1000 or max (= 0), got 'x'",
        "--fps -5 => bench ws: --fps must be an integer in 1..1000 or max (= 0), got '-5'",
        "--clients 0 => bench ws: --clients must be an integer in 1..1000, got '0'",
        "--size 27 => bench ws: --size must be an integer in 28..512, got '27'",
        "--seconds 1.5 => bench ws: --seconds must be an integer in 1..3600, got '1.5'",
        "--url http://host/ws => bench ws: --url must look like ws://host:port/ws, got 'http://host/ws'",
        "--colour red => bench ws: unknown option --colour; usage: " + WsBenchOptions.USAGE,
        "--seconds => bench ws: option --seconds needs a value",
    })
    @DisplayName("bad options are refused with one line naming the option and the value")
    void refusesBadOptions(String bad, String message) {
        String[] good = {"--clients", "2", "--fps", "10", "--seconds", "1", "--size", "28"};
        String[] args = (String.join(" ", good) + " " + bad).split(" ");
        boolean[] started = {false};
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WsLoadBenchmark.run(args, 0, out, () -> {
                    started[0] = true;
                    return Future.succeededFuture("ws://127.0.0.1:1/ws");
                }));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(started[0], "refused before starting anything");
    }

    @Test
    @DisplayName("a missing required option is named")
    void requiresOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WsBenchOptions.parse(new String[] {"--clients", "2", "--fps", "10", "--size", "28"}, 0));
        assertTrue(e.getMessage().startsWith("bench ws: --seconds is required"), e.getMessage());
    }
}
