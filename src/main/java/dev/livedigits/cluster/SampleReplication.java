package dev.livedigits.cluster;

import dev.livedigits.data.Sample;
import dev.livedigits.data.SampleStore;
import dev.livedigits.server.LabelSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labelled samples on every node: a sample stored here (fsync'd first, as alone) is published to
 * every node, which stores it under the same identity (origin, seq), so a repeat is never a
 * duplicate. A node that was away asks each peer for what it lacks when it joins ({@link #catchUp}).
 * No sample is lost while one node that stored it survives.
 */
final class SampleReplication implements LabelSink {
    private static final Logger LOG = LoggerFactory.getLogger(SampleReplication.class);

    /** Samples per catch-up message: about 1 MB of JSON. */
    static final int PAGE = 1000;

    private final Vertx vertx;
    private final SampleStore store;

    SampleReplication(Vertx vertx, SampleStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    @Override
    public Future<Long> store(byte[] normalizedInput, int digit) {
        return vertx.executeBlocking(() -> store.append(normalizedInput, digit)).map(stored -> {
            vertx.eventBus().publish(ClusterAddresses.SAMPLE, toJson(stored.sample()));
            return (long) stored.countForDigit();
        });
    }

    /** A sample published by any node (this one too: stored already, so skipped as a repeat). */
    void received(Message<JsonObject> message) {
        Sample sample;
        try {
            sample = fromJson(message.body());
        } catch (RuntimeException e) {
            LOG.warn("cluster: ignored a malformed sample: " + e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> store.appendReplica(sample))
                .onFailure(e -> LOG.warn("cluster: could not store replicated sample " + sample.origin() + "/" + sample.seq() + ": " + e.getMessage()));
    }

    /** Answers a peer's catch-up: the samples this node holds beyond the peer's marks, a page at a time. */
    void serve(Message<JsonObject> request) {
        Map<UUID, Long> after = new HashMap<>();
        JsonObject marks = request.body().getJsonObject("after", new JsonObject());
        try {
            for (String origin : marks.fieldNames()) after.put(UUID.fromString(origin), marks.getLong(origin));
        } catch (RuntimeException e) {
            request.fail(400, "bad marks: " + e.getMessage());
            return;
        }
        int limit = Math.max(1, Math.min(PAGE, request.body().getInteger("limit", PAGE)));
        vertx.executeBlocking(() -> store.missingFor(after, limit)).onComplete(ar -> {
            if (ar.failed()) {
                request.fail(500, ar.cause().getMessage());
                return;
            }
            JsonArray page = new JsonArray();
            for (Sample s : ar.result()) page.add(toJson(s));
            request.reply(page);
        });
    }

    /**
     * Fetches from {@code node} every sample it holds that this node lacks. The marks start at what
     * this node holds without gaps and rise past every page received, so a gap no node can fill
     * (a record lost everywhere) does not stop the pages after it.
     */
    Future<Integer> catchUp(String node) {
        return vertx.executeBlocking(store::contiguous).compose(marks -> page(node, new HashMap<>(marks), 0));
    }

    private Future<Integer> page(String node, Map<UUID, Long> after, int stored) {
        JsonObject marks = new JsonObject();
        after.forEach((origin, seq) -> marks.put(origin.toString(), seq));
        return vertx.eventBus().<JsonArray>request(ClusterAddresses.samples(node), new JsonObject().put("after", marks).put("limit", PAGE))
                .compose(reply -> {
                    List<Sample> samples = new java.util.ArrayList<>();
                    for (int i = 0; i < reply.body().size(); i++) samples.add(fromJson(reply.body().getJsonObject(i)));
                    return vertx.executeBlocking(() -> {
                        int added = 0;
                        for (Sample s : samples) {
                            if (store.appendReplica(s)) added++;
                            after.merge(s.origin(), s.seq(), Math::max);
                        }
                        return added;
                    }).compose(added -> samples.size() < PAGE ? Future.succeededFuture(stored + added) : page(node, after, stored + added));
                });
    }

    static JsonObject toJson(Sample s) {
        return new JsonObject().put("origin", s.origin().toString()).put("seq", s.seq()).put("digit", s.digit())
                .put("millis", s.millis()).put("pixels", Base64.getEncoder().encodeToString(s.pixels()));
    }

    static Sample fromJson(JsonObject json) {
        return new Sample(UUID.fromString(json.getString("origin")), json.getLong("seq"), json.getInteger("digit"),
                Base64.getDecoder().decode(json.getString("pixels")), json.getLong("millis"));
    }
}
