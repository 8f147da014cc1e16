package dev.livedigits.cluster;

import dev.livedigits.data.SampleStore;
import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.ServerMetrics;
import dev.livedigits.server.Topology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * One node of a cluster: deploys {@link ClusterNode}, catches up, and hands the server ports that
 * act on every node — activation, new versions, labels — and the view of the members.
 */
public final class ClusterTopology implements Topology {
    private final HazelcastClusterManager manager;

    public ClusterTopology(HazelcastClusterManager manager) {
        this.manager = manager;
    }

    @Override
    public boolean suppliesModels() {
        return true;
    }

    @Override
    public Future<Ports> join(Vertx vertx, ModelRegistry registry, SampleStore samples, ServerMetrics metrics) {
        Members members = new Members(manager);
        ClusterNode node = new ClusterNode(members, vertx, registry, samples, metrics);
        return vertx.deployVerticle(node)
                .compose(id -> node.catchUp())
                .map(v -> new Ports(members.self(), node.activation(), node, node.samples(), node));
    }
}
