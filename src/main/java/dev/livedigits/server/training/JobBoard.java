package dev.livedigits.server.training;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Where every node reads a job's state: a Vert.x shared-data map from job id to the job's latest
 * snapshot (its status JSON plus the node running it and every event so far), and which job is
 * the current one. Alone, the map is local; clustered, it is the cluster manager's distributed map,
 * so {@code GET /admin/train/<id>} answers the same on every node and outlives the node that ran it.
 */
public final class JobBoard {
    private static final String MAP = "livedigits.jobs";
    private static final String CURRENT = "@current";
    /** Jobs kept for {@code GET /admin/train/<id>}: the latest hundred, a few KB each. */
    static final int KEPT = 100;

    private final Vertx vertx;
    private Future<AsyncMap<String, JsonObject>> map;

    public JobBoard(Vertx vertx) {
        this.vertx = vertx;
    }

    private synchronized Future<AsyncMap<String, JsonObject>> map() {
        if (map == null) map = vertx.sharedData().getAsyncMap(MAP);
        return map;
    }

    /**
     * Stores a job's snapshot (field {@code job} is its id) and makes it the current job. The board keeps the
     * {@value #KEPT} latest jobs: a new one pushes the oldest out, so the shared map cannot grow without bound.
     */
    public Future<Void> record(JsonObject snapshot) {
        String id = snapshot.getString("job");
        return map().compose(m -> m.put(id, snapshot).compose(v -> m.get(CURRENT)).compose(current -> {
            if (current != null && id.equals(current.getString("job"))) return Future.succeededFuture();
            JsonArray recent = current == null ? new JsonArray() : current.getJsonArray("recent", new JsonArray()).copy();
            if (!recent.contains(id)) recent.add(id);
            List<Future<JsonObject>> forgotten = new ArrayList<>();
            while (recent.size() > KEPT) forgotten.add(m.remove((String) recent.remove(0)));
            return Future.all(forgotten).compose(x -> m.put(CURRENT, new JsonObject().put("job", id).put("recent", recent)));
        }));
    }

    /** The job's snapshot, or null if no such job. */
    public Future<JsonObject> job(String id) {
        if (id.startsWith("@")) return Future.succeededFuture();
        return map().compose(m -> m.get(id));
    }

    /** The latest job's snapshot, or null before the first. */
    public Future<JsonObject> current() {
        return map().compose(m -> m.get(CURRENT)).compose(c -> c == null ? Future.succeededFuture() : job(c.getString("job")));
    }

    /** Replaces a snapshot only if it is still exactly {@code expected} (a cleaner racing the owner loses). */
    public Future<Boolean> replace(JsonObject expected, JsonObject updated) {
        return map().compose(m -> m.replaceIfPresent(expected.getString("job"), expected, updated));
    }

    /** Whether a snapshot's job has ended. */
    public static boolean finished(JsonObject snapshot) {
        String state = snapshot.getString("state");
        return !"queued".equals(state) && !"running".equals(state);
    }
}
