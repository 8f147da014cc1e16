package dev.livedigits.server;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalizer;
import dev.livedigits.nn.ForwardPass;
import dev.livedigits.model.ModelInfo;
import dev.livedigits.nn.Network;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFile;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** The real server on a free port with a weights directory of two versions: the shipped one and a variant. */
final class ServerFixture implements AutoCloseable {
    static final String BASE = "base-v1";
    static final String ALT = "alt-v2";
    static final String TOKEN = "test-admin-token";
    static final LabeledImages TEST_SET;

    static {
        try {
            TEST_SET = MnistDataset.load(MnistDataset.defaultDir()).test();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Path weights;
    final LiveDigitsServer server;
    final SavedModel base;
    final SavedModel alt;

    /** The server as `serve` runs it: labelled samples stored under {@code dir/data/samples}. */
    ServerFixture(Vertx vertx, Path dir) throws Exception {
        this(vertx, dir, freePort());
    }

    /** On a given port: a restart on the same port, as a browser would reconnect to it. */
    ServerFixture(Vertx vertx, Path dir, int port) throws Exception {
        this(vertx, dir, port, Topology.ALONE, true);
    }

    /**
     * A node of {@code topology}; with {@code seed} false and an empty directory, it starts with no
     * weights at all (a cluster node catching up).
     */
    ServerFixture(Vertx vertx, Path dir, int port, Topology topology, boolean seed) throws Exception {
        this(vertx, dir, port, topology, seed, java.util.Map.of());
    }

    /** With settings from {@code env} (as the environment would give them), e.g. the client limits. */
    ServerFixture(Vertx vertx, Path dir, java.util.Map<String, String> env) throws Exception {
        this(vertx, dir, freePort(), Topology.ALONE, true, env);
    }

    private ServerFixture(Vertx vertx, Path dir, int port, Topology topology, boolean seed, java.util.Map<String, String> settings) throws Exception {
        weights = dir;
        Files.createDirectories(dir);
        if (seed) seed(dir);
        base = WeightsFile.read(Path.of("weights", BASE + ".json"));
        alt = variant(base);
        // A fixed free port rather than 0, so that (as in production) one HTTP verticle per core
        // shares it and connections spread over the event loops. Three cluster nodes in one JVM
        // share two cores: one of everything each.
        java.util.Map<String, String> env = new java.util.HashMap<>(settings);
        if (topology != Topology.ALONE) env.putAll(java.util.Map.of("INFERENCE_WORKERS", "1", "HTTP_INSTANCES", "1", "TRAINING_THREADS", "1"));
        env.putAll(java.util.Map.of("HOST", "127.0.0.1", "PORT", String.valueOf(port), "WEIGHTS_DIR", dir.toString(),
                "DATA_DIR", dir.resolve("data").toString(), "ADMIN_TOKEN", TOKEN));
        ServerConfig config = ServerConfig.fromMap(env);
        server = LiveDigitsServer.start(vertx, config, topology)
                .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    /** The shipped MLP and a variant of it, base active. */
    private static void seed(Path dir) throws Exception {
        if (!Files.exists(dir.resolve(BASE + ".json"))) Files.copy(Path.of("weights", BASE + ".json"), dir.resolve(BASE + ".json"));
        SavedModel base = WeightsFile.read(dir.resolve(BASE + ".json"));
        if (!Files.exists(dir.resolve(ALT + ".json"))) WeightsFile.write(dir.resolve(ALT + ".json"), variant(base));
        if (!Files.exists(dir.resolve("ACTIVE"))) Files.writeString(dir.resolve("ACTIVE"), BASE + "\n", StandardCharsets.UTF_8);
    }

    /** A second version that answers differently: the output biases shifted per class. */
    private static SavedModel variant(SavedModel base) {
        float[] p = base.network().parameters();
        int outBias = p.length - 10;
        for (int j = 0; j < 10; j++) p[outBias + j] += 0.3f * (j - 4.5f);
        Network variant = Network.of(base.network().architecture(), p);
        return new SavedModel(variant, new ModelInfo(ALT, 0.99, base.info().trainedAt(), 7, base.info().training()));
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return server.port();
    }

    SavedModel model(String id) {
        return id.equals(BASE) ? base : id.equals(ALT) ? alt : null;
    }

    /** Test digit {@code i} scaled up by pixel replication to {@code side} (a multiple of 28). */
    static byte[] digit(int i, int side) {
        int scale = side / 28;
        byte[] out = new byte[side * side];
        int off = TEST_SET.offset(i);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) out[y * side + x] = TEST_SET.pixels()[off + (y / scale) * 28 + x / scale];
        }
        return out;
    }

    static String json(byte[] frame, int side) {
        StringBuilder sb = new StringBuilder("{\"type\":\"frame\",\"size\":").append(side).append(",\"pixels\":[");
        for (int i = 0; i < frame.length; i++) sb.append(i == 0 ? "" : ",").append((frame[i] & 0xff) / 255.0);
        return sb.append("]}").toString();
    }

    /** What {@code model} computes for {@code frame}: the reference every reply must match exactly. */
    static float[] expected(SavedModel model, byte[] frame, int side) {
        byte[] input = new byte[784];
        new Normalizer().toMnist(frame, 0, side, input, 0);
        return Arrays.copyOf(new ForwardPass().run(model.network(), input, 0), 10);
    }

    /** The probabilities exactly as written: the server writes each float's shortest decimal, which parses back to it. */
    static float[] probabilities(String raw) {
        int start = raw.indexOf("\"probabilities\":[");
        if (start < 0) throw new AssertionError("no probabilities in " + raw);
        start += "\"probabilities\":[".length();
        String[] parts = raw.substring(start, raw.indexOf(']', start)).split(",");
        float[] p = new float[parts.length];
        for (int i = 0; i < p.length; i++) p[i] = Float.parseFloat(parts[i]);
        return p;
    }

    @Override
    public void close() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
