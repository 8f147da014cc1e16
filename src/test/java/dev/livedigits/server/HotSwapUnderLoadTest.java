package dev.livedigits.server;

import dev.livedigits.model.SavedModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HotSwapUnderLoadTest {
    private static final int CLIENTS = 8;
    private static final int FRAMES = 500;
    private static final int SWAPS = 50;

    @TempDir
    Path dir;

    @Test
    @DisplayName("8 clients x 500 frames while the model is swapped 50 times: every reply names an active version and is exactly what it computes")
    void hotSwapUnderLoad(Vertx vertx) throws Exception {
        try (ServerFixture fixture = new ServerFixture(vertx, dir)) {
            // Each client cycles through 20 digits; precompute both versions' answers for each.
            int distinct = 20;
            byte[][] frames = new byte[distinct][];
            float[][][] expected = new float[2][distinct][];
            for (int i = 0; i < distinct; i++) {
                frames[i] = ServerFixture.digit(i, 28);
                expected[0][i] = ServerFixture.expected(fixture.base, frames[i], 28);
                expected[1][i] = ServerFixture.expected(fixture.alt, frames[i], 28);
            }
            AtomicBoolean loadRunning = new AtomicBoolean(true);
            ConcurrentHashMap<String, Integer> seenModels = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int offset = c;
                clients.add(pool.submit(() -> {
                    int pushes = 0;
                    try (TestClient client = new TestClient(vertx, fixture.port())) {
                        for (int n = 1; n <= FRAMES; n++) {
                            int which = (n + offset) % distinct;
                            client.sendBinary(frames[which]);
                            JsonObject r;
                            while (true) {
                                r = client.next();
                                if (!"model".equals(r.getString("type"))) break;
                                pushes++;
                            }
                            assertEquals("prediction", r.getString("type"), r.encode());
                            assertEquals(n, r.getLong("seq"));
                            String model = r.getString("model");
                            SavedModel version = fixture.model(model);
                            assertTrue(version != null, "reply names an unknown version: " + model);
                            seenModels.merge(model, 1, Integer::sum);
                            float[] p = ServerFixture.probabilities(client.lastRaw);
                            assertArrayEquals(expected[model.equals(ServerFixture.BASE) ? 0 : 1][which], p,
                                    "frame " + n + " answered by " + model + " must be exactly that version's output");
                            assertEquals(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).stream().map(d -> p[d]).max(Float::compare).get(),
                                    r.getFloat("confidence"));
                        }
                    }
                    return pushes;
                }));
            }
            Future<?> swapper = pool.submit(() -> {
                for (int s = 0; s < SWAPS; s++) {
                    String id = s % 2 == 0 ? ServerFixture.ALT : ServerFixture.BASE;
                    fixture.server.registry().activate(id);
                    Thread.sleep(15);
                }
                return null;
            });
            swapper.get(120, TimeUnit.SECONDS);
            int pushes = 0;
            for (Future<Integer> f : clients) pushes += f.get(120, TimeUnit.SECONDS);
            loadRunning.set(false);
            pool.shutdown();
            assertEquals(2, seenModels.size(), "both versions answered: " + seenModels);
            assertTrue(pushes > 0, "model messages arrived during the load");
            assertEquals((long) CLIENTS * FRAMES, fixture.server.metrics().predictions());
        }
    }
}
