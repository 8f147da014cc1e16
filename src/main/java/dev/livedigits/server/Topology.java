package dev.livedigits.server;

import dev.livedigits.data.SampleStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * How this node relates to others: alone, or one node of a cluster. It supplies the ports through
 * which the admin API and training act — activation, new versions, labels, the view of the members —
 * and {@link #join} completes only once the node is ready to serve as part of the whole (in a
 * cluster: it has caught up with the versions, the active one and the labelled samples).
 */
public interface Topology {
    Future<Ports> join(Vertx vertx, ModelRegistry registry, SampleStore samples, ServerMetrics metrics);

    /** Whether {@link #join} can bring a model to a node that has none (a cluster can; a lone node cannot). */
    default boolean suppliesModels() {
        return false;
    }

    /** The ports; {@code node} names this node in job records and {@code /admin/cluster}. */
    record Ports(String node, ModelActivation activation, NewVersions versions, LabelSink labels, ClusterView view) {}

    /** A node on its own: every port acts on this node only. */
    Topology ALONE = (vertx, registry, samples, metrics) -> Future.succeededFuture(new Ports("local",
            new LocalActivation(vertx, registry), NewVersions.LOCAL, new StoredLabels(vertx, samples),
            ClusterView.alone(registry, metrics)));
}
