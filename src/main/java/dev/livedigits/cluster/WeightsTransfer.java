package dev.livedigits.cluster;

import dev.livedigits.data.DurableFiles;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Copies a version's weights file from one node to another over the event bus: in chunks (one
 * event-bus message stays small), the whole file's SHA-256 checked on arrival, the model inside
 * verified by {@link WeightsFile#read} (its own parameter checksum), and only then moved into the
 * weights directory atomically. A copy that fails any check leaves nothing behind.
 */
final class WeightsTransfer {
    static final int CHUNK = 256 * 1024;
    /** Far above a real model (about 1 MB): a bound, so a confused peer cannot fill memory. */
    static final long MAX_FILE = 64L * 1024 * 1024;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Vertx vertx;
    private final ModelDirectory directory;
    private final Map<String, Future<Void>> inFlight = new ConcurrentHashMap<>();

    WeightsTransfer(Vertx vertx, ModelDirectory directory) {
        this.vertx = vertx;
        this.directory = directory;
    }

    static boolean validVersion(String id) {
        return id != null && VERSION.matcher(id).matches();
    }

    /** Serves one chunk of a version this node holds; the first reply also carries size and checksum. */
    void serve(Message<JsonObject> request) {
        String id = request.body().getString("id");
        long offset = request.body().getLong("offset", 0L);
        if (!validVersion(id) || offset < 0) {
            request.fail(400, "bad version id or offset");
            return;
        }
        vertx.executeBlocking(() -> {
            Path file = directory.fileFor(id);
            if (!Files.exists(file)) return null;
            byte[] whole = Files.readAllBytes(file);
            int from = (int) Math.min(offset, whole.length);
            int to = Math.min(whole.length, from + CHUNK);
            DeliveryOptions headers = new DeliveryOptions().addHeader("size", String.valueOf(whole.length));
            if (offset == 0) headers.addHeader("sha256", sha256(whole));
            return new Object[]{Buffer.buffer(java.util.Arrays.copyOfRange(whole, from, to)), headers};
        }).onComplete(ar -> {
            if (ar.failed()) request.fail(500, ar.cause().getMessage());
            else if (ar.result() == null) request.fail(404, "no version " + id + " here");
            else request.reply(ar.result()[0], (DeliveryOptions) ar.result()[1]);
        });
    }

    /** Whether this node holds {@code id} already (a verified file or one that will be checked on load). */
    boolean holds(String id) {
        return Files.exists(directory.fileFor(id));
    }

    /** Makes sure this node holds {@code id}, copying it from {@code node} if not; one copy at a time per version. */
    Future<Void> ensure(String id, String node) {
        if (!validVersion(id)) return Future.failedFuture("not a version id: " + id);
        if (holds(id)) return Future.succeededFuture();
        return inFlight.computeIfAbsent(id, k -> copy(id, node).onComplete(ar -> inFlight.remove(id)));
    }

    private Future<Void> copy(String id, String node) {
        Buffer received = Buffer.buffer();
        String[] expected = new String[1];
        return next(id, node, received, expected)
                .compose(v -> vertx.executeBlocking(() -> {
                    byte[] bytes = received.getBytes();
                    if (!sha256(bytes).equals(expected[0])) throw new IOException("copy of " + id + " from " + node + " failed its SHA-256 check");
                    Path part = directory.dir().resolve(".incoming-" + id + ".json");
                    try {
                        DurableFiles.writeAtomically(part, bytes);
                        SavedModel model = WeightsFile.read(part);
                        if (!model.id().equals(id)) throw new IOException("node " + node + " sent '" + model.id() + "' for '" + id + "'");
                        Files.move(part, directory.fileFor(id), StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                    return null;
                }));
    }

    private Future<Void> next(String id, String node, Buffer received, String[] expected) {
        return vertx.eventBus().<Buffer>request(ClusterAddresses.weights(node), new JsonObject().put("id", id).put("offset", received.length()))
                .compose(reply -> {
                    long size = Long.parseLong(reply.headers().get("size"));
                    if (size > MAX_FILE) return Future.failedFuture("version " + id + " is " + size + " bytes, over the " + MAX_FILE + " limit");
                    if (received.length() == 0) expected[0] = reply.headers().get("sha256");
                    if (reply.body().length() == 0 && received.length() < size) return Future.failedFuture("node " + node + " sent an empty chunk");
                    received.appendBuffer(reply.body());
                    return received.length() >= size ? Future.succeededFuture() : next(id, node, received, expected);
                });
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
