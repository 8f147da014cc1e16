package dev.livedigits.cli;

import dev.livedigits.cluster.ClusterConfig;
import dev.livedigits.cluster.ClusterStart;
import dev.livedigits.cluster.ClusterTopology;
import dev.livedigits.server.LiveDigitsServer;
import dev.livedigits.server.MeteredVertx;
import dev.livedigits.server.Topology;
import dev.livedigits.server.ServerConfig;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}: the server, configured from the environment, stopped gracefully on SIGTERM; with
 * {@code --cluster} or {@code CLUSTER=true}, one node of a cluster (contract §7).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        description = {"Start the server (the default command).",
                "PORT, WEIGHTS_DIR, DATA_DIR, ADMIN_TOKEN come from the environment; --cluster or CLUSTER=true joins "
                        + "CLUSTER_MEMBERS (CLUSTER_HOST, CLUSTER_PORT, CLUSTER_NAME)."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    /** Returned by {@link #call}: the server is up and the JVM must stay alive. */
    static final int KEEP_RUNNING = -1;

    @Option(names = "--port", paramLabel = "P", description = "listen on this port instead of PORT (default 8080)")
    Integer port;

    @Option(names = "--cluster", arity = "0..1", fallbackValue = "true", paramLabel = "true|false", description = "join a cluster (as CLUSTER=true)")
    boolean cluster;

    @Option(names = "--check", description = "start, then answer GET /health and one frame on /ws as a first visitor would, "
            + "stop and exit: 0 if both worked, 1 if not (a smoke test; the build records its class-data archive with it)")
    boolean check;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfig.fromEnvironment();
        if (port != null) config = config.withPort(OptionTypes.within("serve", "--port", port, 0, 65535)); // PORT's bounds
        boolean clustered = cluster || ClusterConfig.requested(System.getenv());

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
        if (check) return checkAndStop(vertx, server, config.host());
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

    private static int checkAndStop(Vertx vertx, LiveDigitsServer server, String host) throws Exception {
        try {
            String summary = StartCheck.run(vertx, host, server.port()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("check passed: " + summary);
            return 0;
        } catch (ExecutionException e) {
            throw new IllegalStateException("serve --check failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            server.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }
}
