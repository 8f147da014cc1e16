package dev.livedigits.server.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One retraining job and everything that happened to it: {@code queued → running → succeeded |
 * failed | cancelled}, one entry per finished epoch, and the outcome (the version written, whether
 * the validation gate let it go live, and why). Written by the training thread, read by the event
 * loops: every access is synchronized, and readers get JSON snapshots.
 */
public final class TrainingJob {
    public enum State { queued, running, succeeded, failed, cancelled }

    public final String id;
    public final TrainingRequest request;
    private final Consumer<JsonObject> events;
    private final List<JsonObject> epochs = new ArrayList<>();
    private final List<JsonObject> history = new ArrayList<>();
    private final Instant createdAt = Instant.now();
    private State state = State.queued;
    private Instant startedAt;
    private Instant finishedAt;
    private String version;
    private Boolean activated;
    private String outcome;
    private String error;
    private int userSamples;
    private int heldOutSamples;
    private JsonObject gate;
    private volatile boolean cancelRequested;

    public TrainingJob(String id, TrainingRequest request, Consumer<JsonObject> events) {
        this.id = id;
        this.request = request;
        this.events = events;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** Asks the job to stop; returns false if it had already finished. */
    public synchronized boolean cancel() {
        if (finished()) return false;
        cancelRequested = true;
        if (state == State.queued) finish(State.cancelled, "cancelled before it started");
        return true;
    }

    public synchronized boolean finished() {
        return state == State.succeeded || state == State.failed || state == State.cancelled;
    }

    public synchronized State state() {
        return state;
    }

    /** @param heldOutCount labelled samples kept out of training to judge the result on */
    public synchronized void started(int userSampleCount, int heldOutCount) {
        state = State.running;
        startedAt = Instant.now();
        userSamples = userSampleCount;
        heldOutSamples = heldOutCount;
        emit(new JsonObject().put("type", "state").put("state", state.name()).put("userSamples", userSamples)
                .put("heldOutSamples", heldOutSamples));
    }

    public synchronized void epoch(JsonObject epoch) {
        epochs.add(epoch);
        emit(epoch.copy().put("type", "epoch"));
    }

    /** @param gate the validation gate's decision: each criterion with both models' figures */
    public synchronized void succeeded(String version, boolean activated, String outcome, JsonObject gate) {
        this.version = version;
        this.activated = activated;
        this.gate = gate;
        finish(State.succeeded, outcome);
    }

    /** The gate decided, but the job failed afterwards (activation did not go through). */
    public synchronized void failed(String error, JsonObject gate) {
        this.gate = gate;
        failed(error);
    }

    public synchronized void failed(String error) {
        this.error = error;
        finish(State.failed, error);
    }

    public synchronized void cancelled(String why) {
        finish(State.cancelled, why);
    }

    private void finish(State end, String outcome) {
        state = end;
        this.outcome = outcome;
        finishedAt = Instant.now();
        JsonObject event = new JsonObject().put("type", "state").put("state", state.name()).put("outcome", outcome)
                .put("version", version).put("activated", activated);
        if (gate != null) event.put("gate", gate.copy());
        emit(event);
    }

    private void emit(JsonObject event) {
        // n numbers the job's events, so a late subscriber can merge history and live events without gaps or repeats.
        event.put("job", id).put("n", history.size() + 1).put("at", Instant.now().toString());
        history.add(event);
        events.accept(event);
    }

    /** Every event so far, in order (for a client that subscribes late). */
    public synchronized List<JsonObject> history() {
        return new ArrayList<>(history);
    }

    public synchronized JsonObject toJson() {
        JsonObject last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        JsonObject json = new JsonObject()
                .put("job", id)
                .put("state", state.name())
                .put("parameters", request.toJson())
                .put("epoch", last == null ? 0 : last.getInteger("epoch"))
                .put("epochs", request.config().epochs())
                .put("loss", last == null ? null : last.getDouble("loss"))
                .put("trainAccuracy", last == null ? null : last.getDouble("trainAccuracy"))
                .put("testAccuracy", last == null ? null : last.getDouble("testAccuracy"))
                .put("userSamples", userSamples)
                .put("heldOutSamples", heldOutSamples)
                .put("history", new JsonArray(new ArrayList<>(epochs)))
                .put("createdAt", createdAt.toString())
                .put("startedAt", startedAt == null ? null : startedAt.toString())
                .put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        if (version != null) json.put("version", version);
        if (activated != null) json.put("activated", activated);
        if (outcome != null) json.put("outcome", outcome);
        if (gate != null) json.put("gate", gate.copy());
        if (error != null) json.put("error", error);
        return json;
    }
}
