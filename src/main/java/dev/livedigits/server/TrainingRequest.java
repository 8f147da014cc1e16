package dev.livedigits.server;

import dev.livedigits.nn.TrainingConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * A {@code POST /admin/train} body, validated field by field (contract §3 plus extensions).
 * Every problem is an {@link IllegalArgumentException} whose message starts with the field's name.
 */
record TrainingRequest(TrainingConfig config, boolean force, boolean userSamples, int userSampleWeight,
                       boolean augment, int trainingImages) {
    static final int DEFAULT_EPOCHS = 10;
    static final int[] DEFAULT_HIDDEN = {256, 128};
    private static final Set<String> FIELDS = Set.of("epochs", "hidden", "learningRate", "batchSize", "seed", "optimizer",
            "schedule", "force", "userSamples", "userSampleWeight", "augment", "trainingImages");

    static TrainingRequest parse(JsonObject body, int threads) {
        for (String field : body.fieldNames()) {
            if (!FIELDS.contains(field)) throw new IllegalArgumentException(field + ": unknown parameter (known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
        }
        int epochs = integer(body, "epochs", DEFAULT_EPOCHS, 1, TrainingConfig.MAX_EPOCHS);
        int[] hidden = DEFAULT_HIDDEN;
        if (body.containsKey("hidden")) {
            Object h = body.getValue("hidden");
            if (!(h instanceof JsonArray array)) throw new IllegalArgumentException("hidden: must be an array of layer sizes like [256,128]");
            hidden = new int[array.size()];
            for (int i = 0; i < hidden.length; i++) {
                if (!(array.getValue(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new IllegalArgumentException("hidden: sizes must be integers, got " + array.getValue(i));
                }
                hidden[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n.longValue()));
            }
        }
        double lr = number(body, "learningRate", 2e-3);
        int batch = integer(body, "batchSize", 64, 1, TrainingConfig.MAX_BATCH);
        long seed = body.containsKey("seed") ? (long) integer(body, "seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE) : 42L;
        String optimizer = string(body, "optimizer", "adam");
        String schedule = string(body, "schedule", "cosine");
        int weight = integer(body, "userSampleWeight", 10, 1, 100);
        int images = integer(body, "trainingImages", 60_000, 100, 60_000);
        TrainingConfig config = new TrainingConfig(TrainingConfig.SHIPPED_CONV, TrainingConfig.SHIPPED_KERNEL, hidden, epochs, batch, (float) lr, optimizer, 0.9f, schedule, seed, threads);
        return new TrainingRequest(config, bool(body, "force", false), bool(body, "userSamples", true), weight,
                bool(body, "augment", true), images);
    }

    JsonObject toJson() {
        JsonArray hidden = new JsonArray();
        for (int h : config.hidden()) hidden.add(h);
        return new JsonObject().put("epochs", config.epochs()).put("hidden", hidden).put("learningRate", config.learningRate())
                .put("batchSize", config.batchSize()).put("seed", config.seed()).put("optimizer", config.optimizer())
                .put("schedule", config.schedule()).put("threads", config.threads()).put("force", force)
                .put("userSamples", userSamples).put("userSampleWeight", userSampleWeight).put("augment", augment)
                .put("trainingImages", trainingImages);
    }

    private static int integer(JsonObject body, String field, int fallback, int min, int max) {
        if (!body.containsKey(field)) return fallback;
        Object v = body.getValue(field);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(field + ": must be an integer in " + min + ".." + max + ", got " + v);
        }
        long l = n.longValue();
        if (l < min || l > max) throw new IllegalArgumentException(field + ": must be in " + min + ".." + max + ", got " + l);
        return (int) l;
    }

    private static double number(JsonObject body, String field, double fallback) {
        if (!body.containsKey(field)) return fallback;
        Object v = body.getValue(field);
        if (!(v instanceof Number n)) throw new IllegalArgumentException(field + ": must be a number in (0, 1], got " + v);
        return n.doubleValue();
    }

    private static boolean bool(JsonObject body, String field, boolean fallback) {
        if (!body.containsKey(field)) return fallback;
        if (!(body.getValue(field) instanceof Boolean b)) throw new IllegalArgumentException(field + ": must be true or false");
        return b;
    }

    private static String string(JsonObject body, String field, String fallback) {
        if (!body.containsKey(field)) return fallback;
        if (!(body.getValue(field) instanceof String s)) throw new IllegalArgumentException(field + ": must be a string");
        return s;
    }
}
