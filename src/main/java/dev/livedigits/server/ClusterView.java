package dev.livedigits.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What {@code GET /admin/cluster} and {@code /health} say about the nodes serving together
 * (contract §7). A node on its own is a cluster of one.
 */
public interface ClusterView {
    /** {@code [{"node":id,"model":active version,"connections":n}, …]}, one entry per node that answered. */
    Future<JsonArray> members();

    /** The {@code cluster} block of {@code /health}, or null when the node runs alone. */
    JsonObject health();

    /** A node on its own. */
    static ClusterView alone(ModelRegistry registry, ServerMetrics metrics) {
        return new ClusterView() {
            @Override public Future<JsonArray> members() {
                return Future.succeededFuture(new JsonArray().add(self("local", registry, metrics)));
            }

            @Override public JsonObject health() {
                return null;
            }
        };
    }

    /** This node's entry in {@link #members()}. */
    static JsonObject self(String node, ModelRegistry registry, ServerMetrics metrics) {
        var model = registry.current();
        return new JsonObject().put("node", node).put("model", model == null ? null : model.id()).put("connections", metrics.openConnections());
    }
}
