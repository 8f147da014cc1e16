package dev.livedigits.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Starts a clustered Vert.x on Hazelcast, configured in code from {@link ClusterConfig}. */
public final class ClusterStart {
    /** Held so the levels set on them are not lost when the loggers are garbage collected. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    /**
     * Warns at every start that the CP subsystem runs in "unsafe" mode. Known and chosen: the job
     * lock is a map lock, which Hazelcast releases when its holder dies; the CP subsystem (a Raft
     * group of at least three dedicated members) would not release it that way.
     */
    private static final Logger CP_LOG = Logger.getLogger("com.hazelcast.cp.CPSubsystem");

    private ClusterStart() {}

    /** A clustered Vert.x and its cluster manager (the membership and the node id come from it). */
    public record Clustered(Vertx vertx, HazelcastClusterManager manager) {}

    public static Future<Clustered> start(ClusterConfig cluster) {
        // Hazelcast's INFO lines (a page per join) drown the server's own; its warnings still show.
        HAZELCAST_LOG.setLevel(Level.WARNING);
        CP_LOG.setLevel(Level.SEVERE);
        Config c = ConfigUtil.loadConfig();
        c.setClusterName(cluster.name())
                .setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk")
                .setProperty("hazelcast.wait.seconds.before.join", "0")
                // A killed node (no FIN on its connections) is declared gone after 10 s rather than 60.
                .setProperty("hazelcast.heartbeat.interval.seconds", "1")
                .setProperty("hazelcast.max.no.heartbeat.seconds", "10")
                // Two halves of a split cluster look for each other after 30 s rather than 5 minutes.
                .setProperty("hazelcast.merge.first.run.delay.seconds", "30")
                .setProperty("hazelcast.merge.next.run.delay.seconds", "30")
                .setProperty("hazelcast.shutdownhook.enabled", "false");
        var network = c.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(false).setPublicAddress(cluster.host() + ":" + cluster.port());
        // Bind only CLUSTER_HOST's address (Hazelcast would otherwise listen on every interface). The local-address
        // property rather than an interfaces list: an enabled interfaces list also filters the TCP-IP seeds, so nodes
        // on other hosts (docker-compose) would never be tried.
        String ip;
        try {
            ip = InetAddress.getByName(cluster.host()).getHostAddress();
        } catch (UnknownHostException e) {
            return Future.failedFuture(new IllegalArgumentException("CLUSTER_HOST '" + cluster.host() + "' does not resolve: " + e.getMessage()));
        }
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.local.localAddress", ip);
        network.getJoin().getMulticastConfig().setEnabled(false);
        network.getJoin().getAutoDetectionConfig().setEnabled(false);
        var tcp = network.getJoin().getTcpIpConfig().setEnabled(true);
        for (String member : cluster.members()) tcp.addMember(member);
        if (cluster.members().isEmpty()) tcp.addMember(cluster.host() + ":" + cluster.port());
        HazelcastClusterManager manager = new HazelcastClusterManager(c);
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.eventBusPort()).setClusterPublicHost(cluster.host());
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .map(vertx -> new Clustered(vertx, manager));
    }
}
