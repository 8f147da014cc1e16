package dev.livedigits.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Who is in the cluster, from the cluster manager. Node ids are Vert.x's (a member attribute, not
 * Hazelcast's member UUID), new on every start. Joins and departures are listened to on Hazelcast directly — the cluster
 * manager's own node listener belongs to Vert.x's event bus — and handed to a Vert.x context.
 */
final class Members {
    /** Where the Vert.x cluster manager keeps its node id among a Hazelcast member's attributes. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    private final HazelcastClusterManager manager;

    Members(HazelcastClusterManager manager) {
        this.manager = manager;
    }

    String self() {
        return manager.getNodeId();
    }

    List<String> all() {
        return manager.getNodes();
    }

    List<String> others() {
        List<String> others = new ArrayList<>(all());
        others.remove(self());
        return others;
    }

    /** Whether this node is the one (the smallest id among those left) that cleans up after a departed node. */
    boolean isJanitor() {
        return all().stream().min(String::compareTo).map(self()::equals).orElse(true);
    }

    /** Calls {@code joined} / {@code left} with the node id, on {@code context}; returns a handle to stop listening. */
    UUID listen(Context context, Consumer<String> joined, Consumer<String> left) {
        return manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override public void memberAdded(MembershipEvent event) {
                String node = nodeId(event);
                context.runOnContext(v -> joined.accept(node));
            }

            @Override public void memberRemoved(MembershipEvent event) {
                String node = nodeId(event);
                context.runOnContext(v -> left.accept(node));
            }
        });
    }

    private static String nodeId(MembershipEvent event) {
        String id = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        return id != null ? id : event.getMember().getUuid().toString();
    }

    void stopListening(UUID registration) {
        try {
            manager.getHazelcastInstance().getCluster().removeMembershipListener(registration);
        } catch (RuntimeException alreadyGone) {
            // Hazelcast is shutting down: nothing left to listen to.
        }
    }
}
