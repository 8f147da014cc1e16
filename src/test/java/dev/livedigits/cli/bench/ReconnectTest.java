package dev.livedigits.cli.bench;

import dev.livedigits.data.LabeledImages;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench ws --reconnect} against the stand-in server dropping connections. */
class ReconnectTest {
    private static final BenchFrames FRAMES = BenchFrames.of(
            new LabeledImages(1, 28, new byte[784], new byte[] {0}), 1, 28);

    @Test
    @Timeout(30)
    @DisplayName("the server closes every connection after 25 frames: each client reconnects, the frame in flight is lost, no errors")
    void reconnectsAfterServerClose() {
        LoadTally t;
        int accepted;
        try (FakePredictionServer server = new FakePredictionServer(25)) {
            t = LoadRun.run(URI.create(server.url()), new WsBenchOptions(2, 50, 2, 28, 0, null, false, true), FRAMES);
            accepted = server.accepted();
        }
        // 2 clients x 50 fps x 2 s = 200 frames, a connection lasts 25 of them: about 3 reconnects per client.
        assertTrue(t.reconnects >= 4 && t.reconnects <= 10, "reconnects " + t.reconnects);
        assertEquals(accepted, 2 + t.reconnects, "every reconnect is a new connection on the server");
        assertEquals(0, t.errors(), "a dropped connection is not an error with --reconnect");
        assertEquals(0, t.closedEarly);
        assertTrue(t.lost >= 1 && t.lost <= 3 * t.reconnects + 2, "the frame each close left unanswered is lost: " + t.lost);
        assertEquals(t.sent, t.replies() + t.stale + t.unanswered + t.lost, "every frame sent is answered, stale, unanswered or lost");
        assertTrue(t.sent >= 150, "sending resumes on the new connection: " + t.sent);
        long gapMs = t.maxDisconnectedMillis();
        assertTrue(gapMs >= 90 && gapMs < 1_000, "the first retry comes after about 100 ms: " + gapMs + " ms");
    }

    @Test
    @Timeout(30)
    @DisplayName("an outage: connections dropped, handshakes refused for 700 ms: retries back off, each client reconnects once, nothing sent meanwhile")
    void backsOffThroughAnOutage() throws InterruptedException {
        LoadTally t;
        try (FakePredictionServer server = new FakePredictionServer()) {
            Thread outage = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (server.frames() < 50 && System.nanoTime() < deadline) {
                        Thread.sleep(10); // half a second into sending (2 clients x 50 fps)
                    }
                    server.outage(700);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            outage.start();
            t = LoadRun.run(URI.create(server.url()), new WsBenchOptions(2, 50, 3, 28, 0, null, false, true), FRAMES);
            outage.join();
        }
        assertEquals(2, t.reconnects, "one reconnect per client; the refused attempts are not counted");
        assertEquals(0, t.errors());
        long gapMs = t.maxDisconnectedMillis();
        // Retries at +100, +300, +700 (maybe still refused), +1500 ms: the gap is the outage rounded up to a retry.
        assertTrue(gapMs >= 690 && gapMs <= 2_000, "without a connection for " + gapMs + " ms");
        assertTrue(t.sent <= 2 * 50 * (3 - 0.6), "no frames sent while disconnected: " + t.sent);
        assertEquals(0, t.skippedSends);
        assertTrue(t.sent >= 2 * 50 * (3 - 2.0), "sending resumed: " + t.sent);
        assertEquals(t.sent, t.replies() + t.stale + t.unanswered + t.lost);
        assertTrue(t.predictions > 0);
    }

    @Test
    @Timeout(30)
    @DisplayName("saturating clients reconnect too and restart their one-frame-in-flight loop")
    void saturatingReconnects() {
        LoadTally t;
        try (FakePredictionServer server = new FakePredictionServer(200)) {
            t = LoadRun.run(URI.create(server.url()), new WsBenchOptions(1, WsBenchOptions.SATURATING, 1, 28, 0, null, false, true), FRAMES);
        }
        assertTrue(t.reconnects >= 2, "a 50 µs server answers thousands of frames a second: " + t.reconnects + " reconnects");
        assertEquals(0, t.errors());
        assertEquals(t.reconnects, t.lost, 1, "one frame in flight, lost at each close");
        assertEquals(t.sent, t.replies() + t.stale + t.unanswered + t.lost);
    }

    @Test
    @Timeout(30)
    @DisplayName("without --reconnect a dropped connection stays an error (closed early) and the client stops sending, as before")
    void withoutReconnectACloseIsAnError() {
        LoadTally t;
        int accepted;
        try (FakePredictionServer server = new FakePredictionServer(10)) {
            t = LoadRun.run(URI.create(server.url()), new WsBenchOptions(1, 50, 1, 28, 0, null, false), FRAMES);
            accepted = server.accepted();
        }
        assertEquals(1, accepted);
        assertEquals(1, t.closedEarly);
        assertEquals(1, t.errors());
        assertEquals(0, t.reconnects);
        assertEquals(0, t.lost);
        assertEquals(0, t.maxDisconnectedNanos);
        assertTrue(t.sent >= 10 && t.sent <= 12, "sent " + t.sent);
    }
}
