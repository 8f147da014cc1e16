package dev.livedigits.cluster;

import dev.livedigits.model.ModelDirectory;
import dev.livedigits.server.ModelRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The activation record's reconciliation, on a local Vert.x (its shared map and counter behave as
 * the cluster's do): what two halves of a healed split do when they meet.
 */
class ReconcileTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("after a split heals, the newer record wins on every node: a newer shared record is applied here, a newer local one replaces the shared one")
    void newestRecordWins(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("weights", "base-v1.json"), dir.resolve("base-v1.json"));
        Files.copy(Path.of("weights", "base-v2.json"), dir.resolve("base-v2.json"));
        Files.writeString(dir.resolve("ACTIVE"), "base-v1\n");
        ModelRegistry registry = new ModelRegistry(new ModelDirectory(dir));
        registry.loadActive();
        ClusterActivation activation = new ClusterActivation(vertx, registry, new WeightsTransfer(vertx, registry.directory()), "me", List::of);
        await(activation.catchUp());
        AsyncMap<String, JsonObject> shared = await(vertx.sharedData().<String, JsonObject>getAsyncMap("livedigits.cluster"));
        assertEquals("base-v1", ActiveRecord.fromJson(await(shared.get("active"))).version(), "the first node's version becomes the record");

        // The other half activated base-v2 at term 5 while this node did not hear of it.
        await(shared.put("active", new ActiveRecord("base-v2", 5, 100, "other").toJson()));
        await(activation.reconcile());
        assertEquals("base-v2", registry.current().id(), "the newer shared record is served here");
        assertEquals("base-v2\n", Files.readString(dir.resolve("ACTIVE")), "and cached in ACTIVE");

        // This half activated base-v1 at term 9; the shared map (the other half's) still says term 5.
        await(activation.apply(new ActiveRecord("base-v1", 9, 200, "me")));
        await(activation.reconcile());
        ActiveRecord winner = ActiveRecord.fromJson(await(shared.get("active")));
        assertEquals("base-v1", winner.version(), "the newer local record replaces the shared one");
        assertEquals(9, winner.term());

        // An older record arriving late changes nothing.
        await(activation.apply(new ActiveRecord("base-v2", 4, 300, "other")));
        assertEquals("base-v1", registry.current().id());
    }
}
