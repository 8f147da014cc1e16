package dev.livedigits.cluster;

import dev.livedigits.model.SavedModel;
import dev.livedigits.server.ModelActivation;
import dev.livedigits.server.ModelRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activation for the whole cluster. An activation on any node verifies the version here, takes the
 * next term from a cluster-wide counter, writes the {@link ActiveRecord} into the shared map and
 * publishes it; every node (this one included) applies a record only if it is newer than the last
 * one it applied, copying the version first if it lacks it, and then swaps — which pushes
 * {@code model} to its own clients. Records are applied one after another, so a slow copy can never
 * let an older decision land after a newer one.
 */
final class ClusterActivation implements ModelActivation {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterActivation.class);

    private static final String MAP = "livedigits.cluster";
    private static final String KEY = "active";
    private static final String TERMS = "livedigits.cluster.term";

    private final Vertx vertx;
    private final ModelRegistry registry;
    private final WeightsTransfer transfer;
    private final String self;
    private final Supplier<List<String>> peers;
    private ActiveRecord applied;
    private Future<Void> chain = Future.succeededFuture();

    ClusterActivation(Vertx vertx, ModelRegistry registry, WeightsTransfer transfer, String self, Supplier<List<String>> peers) {
        this.vertx = vertx;
        this.registry = registry;
        this.transfer = transfer;
        this.self = self;
        this.peers = peers;
    }

    private Future<AsyncMap<String, JsonObject>> map() {
        return vertx.sharedData().getAsyncMap(MAP);
    }

    @Override
    public Future<SavedModel> activate(String versionId) {
        // Verified here first: a missing or damaged version fails (404/422) before anything changes anywhere.
        return verified(versionId)
                .compose(model -> vertx.sharedData().getCounter(TERMS).compose(c -> c.incrementAndGet()))
                .compose(term -> {
                    ActiveRecord record = new ActiveRecord(versionId, term, System.currentTimeMillis(), self);
                    return map().compose(m -> m.put(KEY, record.toJson()))
                            .compose(v -> {
                                vertx.eventBus().publish(ClusterAddresses.ACTIVATED, record.toJson());
                                return apply(record);
                            });
                })
                .map(v -> registry.current());
    }

    /**
     * The version loaded and verified from this node's directory. A version this node lacks (its copy still in
     * flight, or it was away when the version was saved) is fetched from the first peer that has it; only if none
     * does is it missing (404).
     */
    private Future<SavedModel> verified(String versionId) {
        return vertx.executeBlocking(() -> registry.directory().load(versionId)).recover(missing -> {
            if (!WeightsTransfer.validVersion(versionId) || transfer.holds(versionId)) return Future.failedFuture(missing);
            return fetch(versionId, peers.get(), 0, missing)
                    .compose(v -> vertx.executeBlocking(() -> registry.directory().load(versionId)));
        });
    }

    private Future<Void> fetch(String versionId, List<String> from, int next, Throwable missing) {
        if (next >= from.size()) return Future.failedFuture(missing);
        return transfer.ensure(versionId, from.get(next)).recover(e -> fetch(versionId, from, next + 1, missing));
    }

    /** A record published by any node. */
    void received(JsonObject json) {
        apply(ActiveRecord.fromJson(json));
    }

    /** Applies {@code record} after every record before it, if it is newer than the last one applied. */
    synchronized Future<Void> apply(ActiveRecord record) {
        chain = chain.transform(ignored -> newer(record) ? swap(record) : Future.succeededFuture());
        return chain;
    }

    private synchronized boolean newer(ActiveRecord record) {
        return record.newerThan(applied);
    }

    private synchronized void applied(ActiveRecord record) {
        applied = record;
    }

    synchronized ActiveRecord applied() {
        return applied;
    }

    private Future<Void> swap(ActiveRecord record) {
        return transfer.ensure(record.version(), record.node())
                .compose(v -> vertx.executeBlocking(() -> {
                    SavedModel current = registry.current();
                    if (current == null || !current.id().equals(record.version())) registry.activate(record.version());
                    return null;
                }))
                .<Void>map(v -> {
                    applied(record);
                    return null;
                })
                .onFailure(e -> LOG.warn("cluster: could not serve " + record.version() + " (term " + record.term() + "): "
                        + e.getMessage() + "; trying again at the next check"));
    }

    /**
     * Joining: adopt the cluster's record, or — the first node of a new cluster — make this node's
     * active version the record (term 0, so any real activation beats it).
     */
    Future<Void> catchUp() {
        SavedModel current = registry.current();
        if (current == null) {
            // An empty weights directory: the cluster's record is the only way to a model.
            return map().compose(m -> m.get(KEY)).compose(existing -> existing == null
                    ? Future.failedFuture("this node has no model and the cluster has no active version yet")
                    : apply(ActiveRecord.fromJson(existing)));
        }
        ActiveRecord mine = new ActiveRecord(current.id(), 0, 0, self);
        return map().compose(m -> m.putIfAbsent(KEY, mine.toJson()))
                .compose(existing -> {
                    if (existing == null) {
                        applied(mine);
                        return Future.succeededFuture();
                    }
                    return apply(ActiveRecord.fromJson(existing));
                });
    }

    /**
     * The periodic and on-join check that makes every node agree: a newer record in the map is
     * applied here; a newer record here (this node was on the other side of a split) replaces the
     * map's and is published. Both halves of a healed split converge on the newest by
     * {@link ActiveRecord}'s rule.
     */
    Future<Void> reconcile() {
        ActiveRecord mine = applied();
        if (mine == null) return Future.succeededFuture();
        return map().compose(m -> m.get(KEY).compose(json -> {
            ActiveRecord shared = ActiveRecord.fromJson(json);
            if (shared == null) return m.putIfAbsent(KEY, mine.toJson()).mapEmpty();
            if (shared.newerThan(mine)) return apply(shared);
            if (mine.newerThan(shared)) {
                return m.replaceIfPresent(KEY, json, mine.toJson()).map(replaced -> {
                    if (replaced) {
                        LOG.info("cluster: the shared record said " + shared.version() + " (term " + shared.term() + "); "
                                + mine.version() + " (term " + mine.term() + ") is newer and now applies everywhere");
                        vertx.eventBus().publish(ClusterAddresses.ACTIVATED, mine.toJson());
                    }
                    return null;
                });
            }
            return Future.succeededFuture();
        }));
    }
}
