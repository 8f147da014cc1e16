package dev.livedigits.cli;

import dev.livedigits.cluster.ClusterConfig;
import dev.livedigits.cluster.ClusterStart;
import dev.livedigits.cluster.ClusterTopology;
import dev.livedigits.server.LiveDigitsServer;
import dev.livedigits.server.MeteredVertx;
import dev.livedigits.server.Topology;
import dev.livedigits.server.ServerConfig;
import io.vertx.core.Vertx;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}: the server, configured from the environment, stopped gracefully on SIGTERM; with
 * {@code --cluster} or {@code CLUSTER=true}, one node of a cluster (contract §7).
 */
final class ServeCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    /** Returned by {@link #run}: the server is up and the JVM must stay alive. */
    static final int KEEP_RUNNING = -1;

    private ServeCommand() {}

    static int run(Options options) throws Exception {
        ServerConfig config = ServerConfig.fromEnvironment();
        if (options.has("port")) config = config.withPort(options.integer("port", config.port()));
        boolean clustered = options.flag("cluster") || ClusterConfig.requested(System.getenv());
        options.rejectUnknown();

        Vertx vertx;
        Topology topology = Topology.ALONE;
        if (clustered) {
            ClusterConfig cluster = ClusterConfig.fromMap(System.getenv());
            LOG.info("joining cluster '" + cluster.name() + "' as " + cluster.host() + ":" + cluster.port() + " (seeds " + cluster.members() + ")");
            ClusterStart.Clustered started;
            try {
                started = ClusterStart.start(cluster).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new UsageException("serve: cannot join the cluster: " + e.getCause().getMessage());
            }
            vertx = started.vertx();
            topology = new ClusterTopology(started.manager());
        } else {
            vertx = MeteredVertx.standalone();
        }
        LiveDigitsServer server;
        try {
            server = LiveDigitsServer.start(vertx, config, topology).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            vertx.close();
            throw new UsageException("serve: cannot start: " + e.getCause().getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: closing connections after their last answer");
            try {
                server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                LOG.warn("connections did not all close within 10 s: " + e);
            }
            try {
                // Called from this non-Vert.x thread, so the future does not need a live event loop.
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                LOG.warn("Vert.x did not close within 5 s: " + e);
            }
        }, "live-digits-shutdown"));
        return KEEP_RUNNING;
    }
}
