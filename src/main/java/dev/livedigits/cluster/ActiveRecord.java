package dev.livedigits.cluster;

import io.vertx.core.json.JsonObject;

import java.util.Comparator;

/**
 * The cluster's one record of which version is served, kept in a shared map; each node's ACTIVE
 * file is only its local copy. Every activation takes the next {@code term} from a cluster-wide
 * counter, so the newest decision has the highest term.
 *
 * <p>The rule when two halves of a split cluster meet again, each having activated on its own:
 * the record with the higher term wins; equal terms (each half counted on its own) go to the later
 * activation time, then to the larger version id, so every node picks the same one.
 */
public record ActiveRecord(String version, long term, long activatedAtMillis, String node) {
    private static final Comparator<ActiveRecord> ORDER = Comparator.comparingLong(ActiveRecord::term)
            .thenComparingLong(ActiveRecord::activatedAtMillis).thenComparing(ActiveRecord::version);

    public boolean newerThan(ActiveRecord other) {
        return other == null || ORDER.compare(this, other) > 0;
    }

    public JsonObject toJson() {
        return new JsonObject().put("version", version).put("term", term).put("activatedAt", activatedAtMillis).put("node", node);
    }

    public static ActiveRecord fromJson(JsonObject json) {
        return json == null ? null : new ActiveRecord(json.getString("version"), json.getLong("term"),
                json.getLong("activatedAt"), json.getString("node"));
    }
}
