import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the first visitor after a start gets: polls /health until it answers 200, then at once draws
 * like the page (112x112 frames with ?activations=1, one in flight) and prints the server's own
 * inferenceMicros for the first frames, and the medians of later groups, so the cost of serving
 * before the JIT warm-up has finished in the background is a measured figure (README, start-up).
 *
 *   java scripts/FirstFrames.java PORT [FRAMES]      (default 400; used by scripts/startup-time.sh FIRST_FRAMES=1)
 */
public class FirstFrames {
    private static final Pattern MICROS = Pattern.compile("\"inferenceMicros\":(\\d+)");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("no /health 200 within 60 s");
            Thread.sleep(20);
        }
        long ready = System.nanoTime();

        Replies replies = new Replies();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?activations=1"), replies).get(10, TimeUnit.SECONDS);
        byte[] pixels = stroke(112);
        long[] micros = new long[frames];
        for (int i = 0; i < frames; i++) {
            replies.next = new CompletableFuture<>();
            // A stroke that grows, as a drawing does, so that no two frames are alike.
            pixels[(20 + i % 70) * 112 + 40 + i % 50] = (byte) 255;
            ws.sendBinary(ByteBuffer.wrap(pixels), true).get(10, TimeUnit.SECONDS);
            String reply = replies.next.get(10, TimeUnit.SECONDS);
            Matcher m = MICROS.matcher(reply);
            if (!m.find()) throw new IllegalStateException("not a prediction: " + reply);
            micros[i] = Long.parseLong(m.group(1));
        }
        long took = System.nanoTime() - ready;
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        StringBuilder groups = new StringBuilder();
        for (int from = 0; from < frames; from += 50) {
            long[] group = Arrays.copyOfRange(micros, from, Math.min(frames, from + 50));
            Arrays.sort(group);
            groups.append(' ').append(from + 1).append('-').append(from + group.length).append(':').append(group[group.length / 2]);
        }
        System.out.println("first_frames frames=" + frames + " first10_us=" + Arrays.toString(Arrays.copyOf(micros, Math.min(10, frames))).replace(" ", "")
                + " median_us_by_50:" + groups + " seconds_after_health=" + String.format("%.2f", took / 1e9));
    }

    private static byte[] stroke(int side) {
        byte[] px = new byte[side * side];
        for (int y = side / 6; y < side * 5 / 6; y++) {
            for (int dx = 0; dx < side / 10; dx++) px[y * side + side / 2 + dx] = (byte) 255;
        }
        return px;
    }

    /** Hands each text reply to whoever waits for it. */
    private static final class Replies implements WebSocket.Listener {
        volatile CompletableFuture<String> next;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                next.complete(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
