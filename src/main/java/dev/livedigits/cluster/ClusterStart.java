package dev.livedigits.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.Future;
import dev.livedigits.server.MeteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Starts a clustered Vert.x on Hazelcast, configured in code from {@link ClusterConfig}. */
public final class ClusterStart {
    private ClusterStart() {}

    /** A clustered Vert.x and its cluster manager (the membership and the node id come from it). */
    public record Clustered(Vertx vertx, HazelcastClusterManager manager) {}

    public static Future<Clustered> start(ClusterConfig cluster) {
        Config c = ConfigUtil.loadConfig();
        c.setClusterName(cluster.name())
                .setProperty("hazelcast.phone.home.enabled", "false")
                // Through SLF4J like everything else; its levels (quieter than INFO) are in LogConfigurator.
                .setProperty("hazelcast.logging.type", "slf4j")
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
        return MeteredVertx.clustered(options, manager).map(vertx -> new Clustered(vertx, manager));
    }
}
