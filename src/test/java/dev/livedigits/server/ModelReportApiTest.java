package dev.livedigits.server;

import dev.livedigits.cli.App;
import dev.livedigits.data.HeldOutSlice;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.SampleStore;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Evaluation;
import dev.livedigits.nn.Evaluator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /admin/models/<id>/report}: auth, 404, the numbers of {@code eval}, the cache, the held-out part. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ModelReportApiTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("401 without the token, 404 naming an unknown version, in the admin API's error JSON")
    void errors(Vertx vertx) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir)) {
            AdminHttp http = new AdminHttp(f.port());
            AdminHttp.Response anonymous = http.call("GET", "/admin/models/" + ServerFixture.BASE + "/report", null, null);
            assertEquals(401, anonymous.status());
            assertEquals("unauthorized", anonymous.json().getString("code"));
            for (String id : new String[] {"nope", "..%2FACTIVE", "base-v1.json"}) {
                AdminHttp.Response missing = http.admin("GET", "/admin/models/" + id + "/report", null);
                assertEquals(404, missing.status(), id + ": " + missing.body());
                assertEquals("no_such_model", missing.json().getString("code"));
                assertTrue(missing.json().getString("message").startsWith("no model version '"), missing.body());
            }
        }
    }

    @Test
    @DisplayName("the report has eval's numbers (accuracy, per digit, confusion, mistakes, drawn check) and the held-out samples' score")
    void sameNumbersAsEval(Vertx vertx) throws Exception {
        Path samplesDir = dir.resolve("data").resolve("samples");
        LabeledImages heldOut;
        try (SampleStore store = SampleStore.open(samplesDir)) {
            for (int i = 0; i < 60; i++) {
                byte[] image = Arrays.copyOfRange(ServerFixture.TEST_SET.pixels(), ServerFixture.TEST_SET.offset(i), ServerFixture.TEST_SET.offset(i) + 784);
                store.append(image, ServerFixture.TEST_SET.label(i));
            }
            heldOut = HeldOutSlice.heldOut(store);
        }
        assertTrue(heldOut.count() > 0 && heldOut.count() < 60, heldOut.count() + " held out");
        try (ServerFixture f = new ServerFixture(vertx, dir)) {
            AdminHttp http = new AdminHttp(f.port());
            AdminHttp.Response res = http.admin("GET", "/admin/models/" + ServerFixture.BASE + "/report", null);
            assertEquals(200, res.status(), res.body());
            JsonObject report = res.json();
            Eval eval = Eval.of(dir.resolve(ServerFixture.BASE + ".json"));

            JsonObject test = report.getJsonObject("test");
            assertEquals(10_000, test.getInteger("count"));
            assertEquals(eval.correct, test.getInteger("correct"));
            assertEquals(eval.accuracy, test.getDouble("accuracy"), 5e-5);
            JsonArray confusion = test.getJsonArray("confusion");
            for (int a = 0; a < 10; a++) {
                assertArrayEquals(eval.confusion[a], confusion.getJsonArray(a).stream().mapToInt(v -> (Integer) v).toArray(), "row " + a);
                JsonObject digit = test.getJsonArray("perDigit").getJsonObject(a);
                assertEquals(eval.perDigit[a], digit.getDouble("accuracy"), 5e-5, "digit " + a);
            }
            JsonArray mistakes = report.getJsonArray("mistakes");
            assertEquals(24, mistakes.size());
            for (int i = 0; i < eval.mistakes.size(); i++) {
                JsonObject m = mistakes.getJsonObject(i);
                assertEquals(eval.mistakes.get(i), m.getInteger("index") + ":" + m.getInteger("digit") + "->" + m.getInteger("predicted"), "mistake " + i);
                byte[] image = Base64.getDecoder().decode(m.getString("image"));
                assertEquals(784, image.length);
                assertTrue(m.getDouble("confidence") > 0.1 && m.getDouble("confidence") <= 1);
            }
            assertEquals(eval.drawnRight, report.getJsonObject("drawn").getInteger("correct"));
            assertEquals(600, report.getJsonObject("drawn").getInteger("count"));

            // The held-out part: exactly the slice, scored by the Evaluator.
            SavedModel base = f.model(ServerFixture.BASE);
            Evaluation expected;
            try (Evaluator evaluator = new Evaluator(1)) {
                expected = evaluator.evaluate(base.network(), heldOut.pixels(), heldOut.labels(), heldOut.count());
            }
            JsonObject held = report.getJsonObject("heldOut");
            assertEquals(heldOut.count(), held.getInteger("count"));
            assertEquals(expected.correct(), held.getInteger("correct"));
            assertEquals(60L, report.getLong("samplesStored"));
        }
    }

    @Test
    @DisplayName("computed once: a second request is fast and the same report; parallel requests share one computation; a new sample re-scores only the held-out part")
    void cached(Vertx vertx) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir)) {
            AdminHttp http = new AdminHttp(f.port());
            String path = "/admin/models/" + ServerFixture.ALT + "/report";
            List<CompletableFuture<AdminHttp.Response>> parallel = new ArrayList<>();
            long began = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                parallel.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return http.admin("GET", path, null);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            List<JsonObject> first = new ArrayList<>();
            for (CompletableFuture<AdminHttp.Response> r : parallel) first.add(r.get(120, TimeUnit.SECONDS).json());
            long coldMillis = (System.nanoTime() - began) / 1_000_000;
            String computedAt = first.get(0).getString("computedAt");
            for (JsonObject r : first) assertEquals(computedAt, r.getString("computedAt"), "one computation for the three requests");

            began = System.nanoTime();
            AdminHttp.Response again = http.admin("GET", path, null);
            long warmMillis = (System.nanoTime() - began) / 1_000_000;
            System.out.printf("model report %s: cold %d ms (3 parallel requests, computeMillis %d), cached %d ms%n", ServerFixture.ALT,
                    coldMillis, first.get(0).getLong("computeMillis"), warmMillis);
            assertEquals(first.get(0), again.json(), "the same report");
            assertTrue(warmMillis < 500, "cached: " + warmMillis + " ms");

            String sample = ServerFixture.json(ServerFixture.digit(0, 28), 28).replace("{\"type\":\"frame\",", "{\"digit\":7,");
            assertEquals(200, http.call("POST", "/api/samples", sample, null).status());
            JsonObject after = http.admin("GET", path, null).json();
            assertEquals(computedAt, after.getString("computedAt"), "the version's part is not computed again");
            assertEquals(1L, after.getLong("samplesStored"));
            assertEquals(first.get(0).getJsonObject("test"), after.getJsonObject("test"));
        }
    }

    /** What {@code eval --weights FILE} prints, parsed. */
    private record Eval(int correct, double accuracy, double[] perDigit, int[][] confusion, List<String> mistakes, int drawnRight) {
        static Eval of(Path weights) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = App.run(new String[] {"eval", "--weights", weights.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), () -> Future.failedFuture("no server"), Map.of());
            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            int correct = -1;
            double accuracy = Double.NaN;
            double[] perDigit = new double[10];
            int[][] confusion = new int[10][];
            List<String> mistakes = new ArrayList<>();
            int drawnRight = -1;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("test images: ")) correct = Integer.parseInt(l.replaceAll(".*: (\\d+) correct$", "$1"));
                if (l.startsWith("accuracy=")) accuracy = Double.parseDouble(l.substring("accuracy=".length()));
                if (l.startsWith("per-digit accuracy:")) {
                    String[] parts = l.substring("per-digit accuracy:".length()).trim().split(" ");
                    for (int d = 0; d < 10; d++) perDigit[d] = Double.parseDouble(parts[d].substring(2));
                }
                if (l.startsWith("confusion matrix")) {
                    for (int a = 0; a < 10; a++) {
                        int[] row = Arrays.stream(lines.get(i + 2 + a).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
                        confusion[a] = Arrays.copyOfRange(row, 1, 11);
                    }
                }
                if (l.startsWith("most confident mistakes")) {
                    for (String m : l.substring(l.indexOf("): ") + 3).split(" ")) mistakes.add(m.substring(0, m.indexOf('@')));
                }
                if (l.startsWith("drawn check: ")) drawnRight = Integer.parseInt(l.substring("drawn check: ".length(), l.indexOf('/')));
            }
            assertEquals(20, mistakes.size(), String.join("\n", lines));
            return new Eval(correct, accuracy, perDigit, confusion, mistakes, drawnRight);
        }
    }
}
