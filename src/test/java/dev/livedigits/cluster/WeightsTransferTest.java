package dev.livedigits.cluster;

import dev.livedigits.model.ModelDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copying a version between two weights directories over a (local) event bus, as two nodes do. */
class WeightsTransferTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private WeightsTransfer node(String name, Path dir) throws Exception {
        WeightsTransfer transfer = new WeightsTransfer(vertx, new ModelDirectory(dir));
        await(vertx.eventBus().<JsonObject>consumer(ClusterAddresses.weights(name), transfer::serve).completion());
        return transfer;
    }

    @Test
    @DisplayName("a version is copied in chunks, byte for byte; a damaged source or an unknown version leaves nothing behind")
    void copiesVerifiedOrNothing(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.copy(Path.of("weights", "base-v1.json"), a.resolve("base-v1.json"));
        node("a", a);
        WeightsTransfer onB = node("b", b);
        assertTrue(Files.size(a.resolve("base-v1.json")) > 2 * WeightsTransfer.CHUNK, "several chunks");

        await(onB.ensure("base-v1", "a"));
        assertArrayEquals(Files.readAllBytes(a.resolve("base-v1.json")), Files.readAllBytes(b.resolve("base-v1.json")));

        // A flipped byte inside the parameters: the file's own checksum refuses it on arrival.
        byte[] bytes = Files.readAllBytes(Path.of("weights", "base-v1.json"));
        String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        int at = text.indexOf("\"weights\":\"") + 40;
        bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A');
        String damaged = "base-v1";
        Path c = Files.createDirectories(dir.resolve("c"));
        Files.write(c.resolve(damaged + ".json"), bytes);
        node("c", c);
        Path d = Files.createDirectories(dir.resolve("d"));
        WeightsTransfer onD = node("d", d);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> await(onD.ensure(damaged, "c")));
        assertFalse(refused.getCause().getMessage().isBlank());
        try (var left = Files.list(d)) {
            assertEquals(0, left.count(), "nothing left behind after a refused copy");
        }
        assertThrows(ExecutionException.class, () -> await(onD.ensure("no-such-version", "a")));
        assertThrows(ExecutionException.class, () -> await(onD.ensure("../escape", "a")), "ids are checked before any path is built");
    }
}
