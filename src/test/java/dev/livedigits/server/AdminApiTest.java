package dev.livedigits.server;

import dev.livedigits.training.BackgroundPriority;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AdminApiTest {
    @TempDir
    Path dir;

    /** A quick job: 1 epoch of a small CNN on a subset. Far below the shipped model on MNIST (beyond the gate's tolerance), so the gate refuses it. */
    private static final String WEAK_JOB = "{\"epochs\":1,\"conv\":[16],\"kernel\":3,\"hidden\":[32],\"trainingImages\":2000,"
            + "\"augment\":false,\"drawnSamples\":200}";

    @Test
    @DisplayName("admin routes answer 401 with WWW-Authenticate without the token or with a wrong one")
    void unauthorized(Vertx vertx) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir)) {
            AdminHttp http = new AdminHttp(f.port());
            String[][] routes = {{"POST", "/admin/train"}, {"GET", "/admin/train/x"}, {"DELETE", "/admin/train/x"},
                    {"GET", "/admin/train/x/events"}, {"GET", "/admin/models"}, {"POST", "/admin/models/base-v1/activate"},
                    {"GET", "/admin/samples"}, {"GET", "/admin/samples/export/images"}};
            for (String[] r : routes) {
                for (String token : new String[] {null, "wrong-token", ServerFixture.TOKEN + "x", ""}) {
                    AdminHttp.Response res = http.call(r[0], r[1], r[0].equals("POST") ? "{}" : null, token);
                    assertEquals(401, res.status(), r[0] + " " + r[1] + " with " + token);
                    assertTrue(res.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
                    assertEquals("unauthorized", res.json().getString("code"));
                }
            }
            assertEquals(ServerFixture.BASE, f.server.registry().current().id(), "nothing happened");
        }
    }

    @Test
    @DisplayName("every out-of-range or malformed training parameter gets 400 naming the field")
    void badParameters(Vertx vertx) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir)) {
            AdminHttp http = new AdminHttp(f.port());
            String[][] cases = {
                    {"{\"epochs\":0}", "epochs"}, {"{\"epochs\":101}", "epochs"}, {"{\"epochs\":\"ten\"}", "epochs"}, {"{\"epochs\":2.5}", "epochs"},
                    {"{\"hidden\":[0]}", "hidden"}, {"{\"hidden\":[2049]}", "hidden"}, {"{\"hidden\":[8,8,8,8,8]}", "hidden"},
                    {"{\"hidden\":128}", "hidden"}, {"{\"hidden\":[\"a\"]}", "hidden"},
                    {"{\"conv\":[0]}", "conv"}, {"{\"conv\":[300]}", "conv"}, {"{\"conv\":[8,8,8,8]}", "conv"}, {"{\"conv\":16}", "conv"},
                    {"{\"kernel\":4}", "kernel"}, {"{\"kernel\":9}", "kernel"}, {"{\"kernel\":\"3\"}", "kernel"},
                    {"{\"drawnSamples\":-1}", "drawnSamples"}, {"{\"drawnSamples\":60001}", "drawnSamples"},
                    {"{\"dropout\":0.95}", "dropout"}, {"{\"dropout\":\"half\"}", "dropout"}, {"{\"labelSmoothing\":-0.1}", "labelSmoothing"},
                    {"{\"batchSize\":0}", "batchSize"}, {"{\"batchSize\":4097}", "batchSize"},
                    {"{\"learningRate\":0}", "learningRate"}, {"{\"learningRate\":1.5}", "learningRate"}, {"{\"learningRate\":\"fast\"}", "learningRate"},
                    {"{\"seed\":\"x\"}", "seed"}, {"{\"force\":\"yes\"}", "force"}, {"{\"userSampleWeight\":1000}", "userSampleWeight"},
                    {"{\"trainingImages\":5}", "trainingImages"}, {"{\"optimizer\":\"rmsprop\"}", "optimizer"}, {"{\"colour\":\"red\"}", "colour"},
                    {"{\"gateTolerance\":0.03}", "gateTolerance"}, {"{\"gateTolerance\":-0.001}", "gateTolerance"}, {"{\"gateTolerance\":\"loose\"}", "gateTolerance"},
            };
            for (String[] c : cases) {
                AdminHttp.Response res = http.admin("POST", "/admin/train", c[0]);
                assertEquals(400, res.status(), c[0] + " -> " + res.body());
                assertTrue(res.json().getString("message").startsWith(c[1]), c[0] + " -> " + res.body());
            }
            assertEquals(400, http.admin("POST", "/admin/train", "{not json").status());
            assertEquals(404, http.admin("GET", "/admin/train", null).status(), "no job was started");
        }
    }

    @Test
    @DisplayName("a 1-epoch job goes queued, running, succeeded with events in order; the gate keeps a model far below on MNIST out and says which numbers decided, force lets it in, activate rolls back, and it all survives a restart")
    void lifecycleGateAndRollback() throws Exception {
        // Many event loops, most not started yet: a training thread that called Vert.x directly
        // would start one, and it would serve at the training thread's idle priority.
        Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(32));
        try {
            lifecycleGateAndRollback(vertx);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private void lifecycleGateAndRollback(Vertx vertx) throws Exception {
        String weakVersion;
        try (ServerFixture f = new ServerFixture(vertx, dir);
             TestClient a = new TestClient(vertx, f.port());
             TestClient b = new TestClient(vertx, f.port())) {
            AdminHttp http = new AdminHttp(f.port());
            AdminHttp.Response started = http.admin("POST", "/admin/train", WEAK_JOB);
            assertEquals(202, started.status(), started.body());
            String job = started.json().getString("job");
            List<JsonObject> events = http.events("/admin/train/" + job + "/events");
            assertEquals(List.of("state", "epoch", "state"), events.stream().map(e -> e.getString("type")).toList(), events.toString());
            assertEquals("running", events.get(0).getString("state"));
            assertEquals(1, events.get(1).getInteger("epoch"));
            assertEquals("succeeded", events.get(2).getString("state"));
            for (int i = 0; i < events.size(); i++) assertEquals(i + 1, events.get(i).getInteger("n"));

            JsonObject status = http.admin("GET", "/admin/train/" + job, null).json();
            assertEquals("succeeded", status.getString("state"));
            assertEquals(1, status.getInteger("epoch"));
            assertTrue(status.getDouble("testAccuracy") > 0.5, status.encode()); // deliberately weak: 2,000 images, one epoch
            assertFalse(status.getBoolean("activated"), status.encode());
            assertTrue(status.getString("outcome").startsWith("saved but not activated: MNIST test 0."), status.getString("outcome"));
            JsonObject gate = status.getJsonObject("gate");
            assertEquals(ServerFixture.BASE, gate.getString("active"));
            assertEquals(0.005, gate.getDouble("tolerance"));
            assertFalse(gate.getBoolean("passed"));
            assertFalse(gate.getBoolean("activate"));
            JsonObject mnist = gate.getJsonArray("criteria").getJsonObject(0);
            assertEquals("mnistTest", mnist.getString("name"));
            assertEquals("fail", mnist.getString("verdict"));
            assertEquals(status.getDouble("testAccuracy"), mnist.getDouble("candidate"), 1e-6);
            assertEquals(mnist.getDouble("active") - 0.005, mnist.getDouble("threshold"), 1e-6);
            assertEquals(List.of("mnistTest", "drawnCheck", "heldOutSamples"),
                    gate.getJsonArray("criteria").stream().map(c -> ((JsonObject) c).getString("name")).toList());
            assertEquals("skipped", gate.getJsonArray("criteria").getJsonObject(2).getString("verdict"), "no labelled samples: not judged");
            assertEquals(gate, events.get(2).getJsonObject("gate"), "the final event carries the gate too");
            weakVersion = status.getString("version");
            JsonObject models = http.admin("GET", "/admin/models", null).json();
            assertEquals(ServerFixture.BASE, models.getString("active"));
            assertTrue(models.getJsonArray("models").stream().anyMatch(m -> ((JsonObject) m).getString("model").equals(weakVersion)));
            java.util.Map<String, String> architectures = new java.util.HashMap<>();
            models.getJsonArray("models").forEach(m -> architectures.put(((JsonObject) m).getString("model"), ((JsonObject) m).getString("architecture")));
            assertEquals("conv3x3-16 pool dense32 dense10", architectures.get(weakVersion), models.encode());
            assertEquals("dense256 dense128 dense10", architectures.get(ServerFixture.BASE), "a format-1 MLP is listed in words too");
            assertEquals(ServerFixture.BASE, f.server.registry().current().id());

            AdminHttp.Response forced = http.admin("POST", "/admin/train", WEAK_JOB.replace("}", ",\"force\":true,\"seed\":7}"));
            JsonObject forcedStatus = http.waitForEnd(forced.json().getString("job"));
            assertTrue(forcedStatus.getBoolean("activated"), forcedStatus.encode());
            assertTrue(forcedStatus.getJsonObject("gate").getBoolean("forced"), forcedStatus.encode());
            assertTrue(forcedStatus.getString("outcome").endsWith("(the gate said no, but force was set)"), forcedStatus.getString("outcome"));
            String forcedVersion = forcedStatus.getString("version");
            for (TestClient c : new TestClient[] {a, b}) assertEquals(forcedVersion, c.next("model").getString("model"));
            a.sendBinary(ServerFixture.digit(0, 28));
            assertEquals(forcedVersion, a.next("prediction").getString("model"));
            assertOnlyTrainingThreadsIdle();

            AdminHttp.Response rollback = http.admin("POST", "/admin/models/" + ServerFixture.BASE + "/activate", null);
            assertEquals(200, rollback.status(), rollback.body());
            for (TestClient c : new TestClient[] {a, b}) assertEquals(ServerFixture.BASE, c.next("model").getString("model"));
            assertEquals(ServerFixture.BASE, Files.readString(dir.resolve("ACTIVE")).trim());

            assertEquals(404, http.admin("POST", "/admin/models/nope/activate", null).status());
            Files.writeString(dir.resolve("broken.json"), "{\"format\":\"live-digits-mlp\"}");
            AdminHttp.Response broken = http.admin("POST", "/admin/models/broken/activate", null);
            assertEquals(422, broken.status(), broken.body());
            assertEquals(ServerFixture.BASE, f.server.registry().current().id(), "a corrupt file never replaces a good model");

            assertEquals(200, http.admin("POST", "/admin/models/" + weakVersion + "/activate", null).status());
        }
        try (ServerFixture restarted = new ServerFixture(vertx, dir)) {
            assertEquals(weakVersion, restarted.server.registry().current().id(), "the active version survives a restart");
        }
    }

    /**
     * Training threads run as SCHED_IDLE and Linux copies that into threads they start; after two
     * jobs and a swap, nothing that serves (event loops, inference workers) may have caught it.
     */
    private static void assertOnlyTrainingThreadsIdle() throws java.io.IOException {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) return; // not Linux: nothing was lowered
        java.util.List<String> idle = new java.util.ArrayList<>();
        boolean eventLoopSeen = false;
        try (var stream = Files.list(tasks)) {
            for (Path task : stream.toList()) {
                BackgroundPriority.Scheduling thread;
                try {
                    thread = BackgroundPriority.Scheduling.read(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue; // the thread ended while we listed
                }
                if (thread.name().startsWith("vert.x-eventloo")) eventLoopSeen = true;
                if (thread.idle()) idle.add(thread.name());
            }
        }
        assertTrue(eventLoopSeen);
        assertTrue(idle.contains("livedigits-trai"), "the training thread runs as SCHED_IDLE: " + idle);
        for (String name : idle) {
            assertTrue(name.startsWith("livedigits-trai") || name.startsWith("livedigits-repo") || name.startsWith("nn-worker")
                            || name.equals("process reaper"),
                    "only training threads may run as SCHED_IDLE, found " + name + " in " + idle);
        }
    }

    @Test
    @DisplayName("a second job while one runs gets 409; cancel stops it; predictions keep flowing meanwhile; stored samples join the next training set")
    void conflictCancelServingAndSamples(Vertx vertx) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir); TestClient c = new TestClient(vertx, f.port())) {
            AdminHttp http = new AdminHttp(f.port());
            for (int i = 0; i < 3; i++) {
                String sample = ServerFixture.json(ServerFixture.digit(i, 28), 28).replace("{\"type\":\"frame\",", "{\"digit\":" + (i + 1) + ",");
                AdminHttp.Response stored = http.call("POST", "/api/samples", sample, null);
                assertEquals(200, stored.status(), stored.body());
                assertEquals(1, stored.json().getInteger("samples"));
            }
            assertEquals(3, http.admin("GET", "/admin/samples", null).json().getInteger("total"));
            assertEquals(400, http.call("POST", "/api/samples", "{\"pixels\":[0.5]}", null).status());

            AdminHttp.Response long1 = http.admin("POST", "/admin/train", "{\"epochs\":20}");
            assertEquals(202, long1.status());
            String job = long1.json().getString("job");
            AdminHttp.Response second = http.admin("POST", "/admin/train", WEAK_JOB);
            assertEquals(409, second.status());
            assertTrue(second.json().getString("message").contains(job));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!http.admin("GET", "/admin/train/" + job, null).json().getString("state").equals("running") && System.nanoTime() < deadline) Thread.sleep(50);
            // Seqs 1..3 of this store's origin: those the held-out slice takes are judged on, the others trained on.
            java.util.UUID origin = java.util.UUID.fromString(Files.readString(dir.resolve("data/samples/ORIGIN")).strip());
            long heldOut = java.util.stream.LongStream.rangeClosed(1, 3).filter(seq -> dev.livedigits.data.HeldOutSlice.isHeldOut(origin, seq)).count();
            JsonObject running = http.admin("GET", "/admin/train/" + job, null).json();
            assertEquals((int) (3 - heldOut), running.getInteger("userSamples").intValue(), "the stored samples not held out are in the training set");
            assertEquals(heldOut, running.getInteger("heldOutSamples").longValue(), "and the held-out ones are not");
            for (int i = 1; i <= 200; i++) {
                c.sendBinary(ServerFixture.digit(i % 50, 28));
                JsonObject r = c.next();
                assertEquals("prediction", r.getString("type"), r.encode());
                assertEquals(i, r.getLong("seq"));
            }
            AdminHttp.Response cancel = http.admin("DELETE", "/admin/train/" + job, null);
            assertEquals(202, cancel.status(), cancel.body());
            JsonObject end = http.waitForEnd(job);
            assertEquals("cancelled", end.getString("state"), end.encode());
            assertEquals(409, http.admin("DELETE", "/admin/train/" + job, null).status(), "already ended");
            assertEquals(ServerFixture.BASE, f.server.registry().current().id());
            assertEquals(202, http.admin("POST", "/admin/train", WEAK_JOB).status(), "a new job may start after the cancel");
        }
    }
}
