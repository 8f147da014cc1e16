package dev.livedigits.cli.bench;

import dev.livedigits.data.LabeledImages;
import io.vertx.core.http.ServerWebSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.function.Consumer;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How one load phase counts frames, against small scripted servers (no MNIST, no echo phase). */
class LoadAccountingTest {
    private static final BenchFrames FRAMES = BenchFrames.of(
            new LabeledImages(1, 28, new byte[784], new byte[] {0}), 1, 28);

    @Test
    @Timeout(20)
    @DisplayName("a server that answers only every third frame: the two skipped before each answer count as stale")
    void staleFrames() {
        LoadTally t = runAgainst(ws -> new ScriptedConnection(ws, seq -> seq % 3 == 0 ? prediction(seq) : null),
                new WsBenchOptions(2, 60, 1, 28, 0, null, true));
        assertTrue(t.sent >= 110 && t.sent <= 122, "2 clients x 60 fps x 1 s: " + t.sent);
        assertEquals(t.sent, t.predictions + t.stale + t.unanswered, "each frame is answered, stale or unanswered");
        assertEquals(t.predictions * 2, t.stale, 2 * 2, "two stale frames per prediction, give or take the ends");
        assertEquals(0, t.errors());
        assertEquals(t.predictions, t.rtt.getTotalCount());
    }

    @Test
    @Timeout(20)
    @DisplayName("error replies with seq are errors, not predictions, and have no round-trip time")
    void errorReplies() {
        LoadTally t = runAgainst(ws -> new ScriptedConnection(ws,
                        seq -> "{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"no\",\"seq\":" + seq + "}"),
                new WsBenchOptions(1, 50, 1, 28, 0, null, true));
        assertTrue(t.sent > 40, "sent " + t.sent);
        assertEquals(t.sent, t.errorReplies);
        assertEquals(t.sent, t.errors());
        assertEquals(0, t.predictions);
        assertEquals(0, t.rtt.getTotalCount());
    }

    @Test
    @Timeout(20)
    @DisplayName("a server that never answers: a paced client stops at 64 frames in flight and counts the rest as skipped")
    void inFlightCap() {
        LoadTally t = runAgainst(ws -> new ScriptedConnection(ws, seq -> null), new WsBenchOptions(1, 200, 1, 28, 0, null, true));
        assertEquals(LoadClient.MAX_IN_FLIGHT, t.sent);
        assertEquals(LoadClient.MAX_IN_FLIGHT, t.unanswered);
        assertTrue(t.skippedSends > 100, "about 136 skipped: " + t.skippedSends);
        assertEquals(0, t.predictions);
    }

    @Test
    @Timeout(20)
    @DisplayName("replies for frames never sent, and repeated replies, are errors")
    void unmatchedReplies() {
        LoadTally t = runAgainst(ws -> new ScriptedConnection(ws,
                        seq -> prediction(seq) + prediction(seq) + prediction(seq + 1000)),
                new WsBenchOptions(1, 20, 1, 28, 0, null, true));
        assertTrue(t.predictions >= 18, "predictions " + t.predictions);
        assertEquals(2 * t.predictions, t.badReplies, 2);
    }

    private static String prediction(long seq) {
        return "{\"type\":\"prediction\",\"seq\":" + seq + ",\"empty\":true}";
    }

    private static LoadTally runAgainst(Consumer<ServerWebSocket> connection, WsBenchOptions options) {
        try (LocalWsServer server = LocalWsServer.start(connection::accept)) {
            return LoadRun.run(server.url(), options, FRAMES);
        }
    }

    /**
     * Answers frame {@code seq} with {@code script(seq)}: null for no answer, or one or more JSON
     * objects run together (sent as separate messages).
     */
    private static final class ScriptedConnection {
        private final ServerWebSocket ws;
        private final LongFunction<String> script;
        private long seq;

        ScriptedConnection(ServerWebSocket ws, LongFunction<String> script) {
            this.ws = ws;
            this.script = script;
            ws.binaryMessageHandler(frame -> answer(++seq));
        }

        private void answer(long n) {
            String reply = script.apply(n);
            if (reply != null) {
                for (String message : reply.replace("}{", "}\n{").split("\n")) {
                    ws.writeTextMessage(message);
                }
            }
        }
    }
}
