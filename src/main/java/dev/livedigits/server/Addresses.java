package dev.livedigits.server;

/** Event-bus addresses, in one place. */
public final class Addresses {
    /** Request: a {@link Frame}; reply: the prediction (or error) JSON text for it. */
    public static final String PREDICT = "livedigits.predict";
    /** Publish: the JSON text of a {@code model} message, after every hot swap. */
    public static final String MODEL_CHANGED = "livedigits.model.changed";

    /** Publish: every training-job event (state changes, finished epochs) as JSON. */
    public static final String TRAINING_EVENTS = "livedigits.training.events";

    private Addresses() {}
}
