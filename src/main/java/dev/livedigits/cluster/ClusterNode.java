package dev.livedigits.cluster;

import dev.livedigits.data.SampleStore;
import dev.livedigits.server.Addresses;
import dev.livedigits.server.ClusterView;
import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.NewVersions;
import dev.livedigits.server.ServerMetrics;
import dev.livedigits.server.training.JobBoard;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the cluster, deployed only when clustered: answers its peers (weights chunks,
 * copies, version lists, samples, status), follows activations and samples published by any node,
 * checks every few seconds that it serves the cluster's version, and — if it is the janitor — fails
 * the job of a node that left while training. None of this is on the live path: a prediction never
 * leaves its node.
 */
final class ClusterNode extends VerticleBase implements NewVersions, ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    /** How often a node checks the shared record (also how soon a healed split converges). */
    static final long RECONCILE_MILLIS = 5_000;
    private static final long PEER_TIMEOUT_MILLIS = 60_000;
    private static final long STATUS_TIMEOUT_MILLIS = 2_000;
    /** A peer that joined at the same moment registers its handlers within seconds: ask for up to 20 s. */
    private static final int PEER_STARTING_TRIES = 40;
    private static final long PEER_STARTING_RETRY_MILLIS = 500;

    private final Members members;
    private final ModelRegistry registry;
    private final ServerMetrics metrics;
    private final WeightsTransfer transfer;
    private final ClusterActivation activation;
    private final SampleReplication samples;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private UUID listening;
    private long timer = -1;

    ClusterNode(Members members, io.vertx.core.Vertx vertx, ModelRegistry registry, SampleStore store, ServerMetrics metrics) {
        this.members = members;
        this.registry = registry;
        this.metrics = metrics;
        this.transfer = new WeightsTransfer(vertx, registry.directory());
        this.activation = new ClusterActivation(vertx, registry, transfer, members.self(), members::others);
        this.samples = new SampleReplication(vertx, store);
    }

    ClusterActivation activation() {
        return activation;
    }

    SampleReplication samples() {
        return samples;
    }

    @Override
    public Future<?> start() {
        String self = members.self();
        var bus = vertx.eventBus();
        consumers.add(bus.<JsonObject>consumer(ClusterAddresses.weights(self), transfer::serve));
        consumers.add(bus.<JsonObject>consumer(ClusterAddresses.copy(self), m ->
                transfer.ensure(m.body().getString("id"), m.body().getString("from"))
                        .onSuccess(v -> m.reply(true)).onFailure(e -> m.fail(500, e.getMessage()))));
        consumers.add(bus.consumer(ClusterAddresses.versions(self), m ->
                vertx.executeBlocking(() -> new JsonArray(registry.directory().ids()))
                        .onSuccess(m::reply).onFailure(e -> m.fail(500, e.getMessage()))));
        consumers.add(bus.<JsonObject>consumer(ClusterAddresses.samples(self), samples::serve));
        consumers.add(bus.consumer(ClusterAddresses.status(self), m -> m.reply(ClusterView.self(self, registry, metrics))));
        consumers.add(bus.<JsonObject>consumer(ClusterAddresses.ACTIVATED, m -> activation.received(m.body())));
        consumers.add(bus.<JsonObject>consumer(ClusterAddresses.SAMPLE, samples::received));
        listening = members.listen(context, joined -> activation.reconcile(), this::left);
        timer = vertx.setPeriodic(RECONCILE_MILLIS, id -> activation.reconcile());
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    /**
     * Joining: every version the others hold, every sample they hold, then the cluster's active
     * version. Peers that do not answer are skipped (logged): what they alone hold arrives when they
     * publish it or when this node next restarts.
     */
    Future<Void> catchUp() {
        long began = System.nanoTime();
        Future<Void> chain = Future.succeededFuture();
        int[] versions = {0};
        int[] copied = {0};
        for (String peer : members.others()) {
            chain = chain.compose(v -> versionsOf(peer, PEER_STARTING_TRIES)
                    .compose(list -> {
                        Future<Void> copies = Future.succeededFuture();
                        for (Object id : list) {
                            versions[0]++;
                            if (!transfer.holds((String) id)) {
                                copied[0]++;
                                copies = copies.compose(x -> transfer.ensure((String) id, peer));
                            }
                        }
                        return copies;
                    })
                    .compose(x -> samples.catchUp(peer))
                    .<Void>map(added -> {
                        if (added > 0) LOG.info("cluster: " + added + " labelled samples copied from " + peer);
                        return null;
                    })
                    .recover(e -> {
                        LOG.warn("cluster: catching up from " + peer + ": " + e.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        return chain.compose(v -> activation.catchUp()).onSuccess(v -> LOG.info(String.format(java.util.Locale.ROOT,
                "cluster: caught up in %d ms: %d members, %d versions copied, serving %s (term %d)",
                (System.nanoTime() - began) / 1_000_000, members.all().size(), copied[0],
                activation.applied().version(), activation.applied().term())));
    }

    /** A peer's version ids; a peer that is itself still starting (no handlers yet) is asked again shortly. */
    private Future<JsonArray> versionsOf(String peer, int tries) {
        return vertx.eventBus().<JsonArray>request(ClusterAddresses.versions(peer), null, timeout(PEER_TIMEOUT_MILLIS))
                .map(reply -> reply.body())
                .recover(e -> {
                    boolean starting = e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS;
                    if (!starting || tries <= 1) return Future.failedFuture(e);
                    return vertx.timer(PEER_STARTING_RETRY_MILLIS).compose(t -> versionsOf(peer, tries - 1));
                });
    }

    /** Copies a new version to every other node before anyone is asked to serve it. */
    @Override
    public Future<Void> saved(String id) {
        List<Future<Object>> copies = new ArrayList<>();
        for (String peer : members.others()) {
            copies.add(vertx.eventBus().request(ClusterAddresses.copy(peer), new JsonObject().put("id", id).put("from", members.self()),
                    timeout(PEER_TIMEOUT_MILLIS)).map(reply -> reply.body())
                    .onFailure(e -> LOG.warn("cluster: " + peer + " did not copy " + id + ": " + e.getMessage())));
        }
        return Future.join(copies).mapEmpty();
    }

    @Override
    public Future<JsonArray> members() {
        List<Future<Object>> answers = new ArrayList<>();
        for (String node : members.all()) {
            answers.add(vertx.eventBus().request(ClusterAddresses.status(node), null, timeout(STATUS_TIMEOUT_MILLIS)).map(reply -> reply.body()));
        }
        return Future.join(answers).transform(ar -> {
            JsonArray list = new JsonArray();
            for (Future<Object> answer : answers) {
                if (answer.succeeded()) list.add(answer.result());
            }
            return Future.succeededFuture(list);
        });
    }

    @Override
    public JsonObject health() {
        return new JsonObject().put("node", members.self()).put("members", members.all().size());
    }

    /** A node left: if it was running the current job, the janitor records the job as failed (its lock went with it). */
    private void left(String node) {
        LOG.info("cluster: node " + node + " left; " + members.all().size() + " members");
        if (!members.isJanitor()) return;
        JobBoard board = new JobBoard(vertx);
        board.current().onSuccess(job -> {
            if (job == null || JobBoard.finished(job) || !node.equals(job.getString("node"))) return;
            JsonArray events = job.getJsonArray("events", new JsonArray()).copy();
            String why = "node " + node + " left the cluster while the job ran; start it again on any node";
            JsonObject event = new JsonObject().put("type", "state").put("state", "failed").put("outcome", why)
                    .put("job", job.getString("job")).put("n", events.size() + 1).put("at", Instant.now().toString());
            events.add(event);
            JsonObject failed = job.copy().put("state", "failed").put("error", why).put("outcome", why)
                    .put("finishedAt", Instant.now().toString()).put("events", events);
            board.replace(job, failed).onSuccess(replaced -> {
                if (replaced) {
                    LOG.warn("cluster: job " + job.getString("job") + " failed: " + why);
                    vertx.eventBus().publish(Addresses.TRAINING_EVENTS, event);
                }
            });
        });
    }

    private static DeliveryOptions timeout(long millis) {
        return new DeliveryOptions().setSendTimeout(millis);
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        if (listening != null) members.stopListening(listening);
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
    }
}
