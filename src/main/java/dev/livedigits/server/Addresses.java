package dev.livedigits.server;

/** Event-bus addresses, in one place. */
public final class Addresses {
    /** Request (this node only): a {@code Frame}; reply: the prediction (or error) JSON text for it. */
    public static final String PREDICT = "livedigits.predict";
    /** Publish (this node only): the JSON text of a {@code model} message, after every hot swap. */
    public static final String MODEL_CHANGED = "livedigits.model.changed";

    /** Request (this node only): a training request's JSON; reply: the new job's snapshot, or a failure 400/409. */
    public static final String TRAINING_SUBMIT = "livedigits.training.submit";
    /** Publish (every node): every training-job event (state changes, finished epochs) as JSON. */
    public static final String TRAINING_EVENTS = "livedigits.training.events";

    /** Request to the node running a job: its id; reply: whether the cancel was taken. */
    public static String trainingCancel(String node) {
        return "livedigits.training.cancel." + node;
    }

    private Addresses() {}
}
