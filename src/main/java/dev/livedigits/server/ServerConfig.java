package dev.livedigits.server;

import dev.livedigits.training.BackgroundPriority;

import dev.livedigits.data.MnistDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the server reads from its environment (contract §5), with the defaults.
 *
 * @param inferenceWorkers worker-verticle instances running the forward pass (default: one per core)
 * @param httpInstances    HTTP verticle instances sharing the port (default: one per core)
 * @param trainingPriority how retraining competes with serving for the CPU (default: idle, it yields)
 * @param clients          what one WebSocket client, one address and all clients together may use
 */
public record ServerConfig(String host, int port, Path weightsDir, Path dataDir, int inferenceWorkers,
                           int httpInstances, String adminToken, long inferenceTimeoutMillis, int trainingThreads,
                           BackgroundPriority.Level trainingPriority, ClientLimits clients) {
    /**
     * The bounds on WebSocket clients, each from the environment with its range (a value outside it
     * stops the server at start with the variable's name).
     *
     * @param maxFps                {@code WS_MAX_FPS}, 1..10,000, default 120: frames (any data message) a
     *                              connection may send per second on average, a frame counting once per
     *                              started {@value #BUDGET_UNIT_BYTES} bytes (the page's 112x112 frame, 12.3 KB,
     *                              once; a 280x280 one, 78 KB, five times), because reading costs by the byte.
     *                              The page sends at most one per animation frame (60/s, 120/s on a 120 Hz
     *                              screen) and only after the previous answer, so it never meets the budget.
     *                              Beyond it the server stops reading that socket until the budget allows the next message (TCP backpressure): a flooding client
     *                              costs its budget's worth of reading and no more, and its newest frame is
     *                              still answered. Raise it for {@code bench ws --fps max} against a server.
     * @param burst                 {@code WS_BURST}, 1..10,000, default 30: messages read at once before the
     *                              budget applies (a reconnecting page catching up, a few labels).
     * @param maxConnections        {@code MAX_CONNECTIONS}, 1..20,000, default 1,000: open WebSockets on this
     *                              node; one more is answered 429 at the upgrade.
     * @param maxPerAddress         {@code MAX_CONNECTIONS_PER_ADDRESS}, 1..20,000, default 200: open WebSockets
     *                              from one client address (loopback included). 200 lets one machine run the
     *                              README's 100-client benchmarks; behind a proxy every client shares the
     *                              proxy's address, so set it to {@code MAX_CONNECTIONS} there.
     * @param idleSeconds           {@code WS_IDLE_SECONDS}, 5..86,400, default 300: a WebSocket that sent no
     *                              message and no ping for this long is closed (1000, with the reason).
     */
    public record ClientLimits(int maxFps, int burst, int maxConnections, int maxPerAddress, int idleSeconds) {
        /**
         * A data frame takes one token of the budget per started this many bytes. Measured (README, bounded
         * clients): a flooder read at 120 frames/s of 280x280 (9.4 MB/s) still doubled the others' p99 on two
         * cores; weighed by size it is read at 24 frames/s (1.9 MB/s).
         */
        public static final int BUDGET_UNIT_BYTES = 16 * 1024;

        /** The tokens a data frame of {@code bytes} takes: one per started {@link #BUDGET_UNIT_BYTES}, at least one. */
        public static int budgetCost(int bytes) {
            return Math.max(1, (bytes + BUDGET_UNIT_BYTES - 1) / BUDGET_UNIT_BYTES);
        }

        static ClientLimits fromMap(Map<String, String> env) {
            return new ClientLimits(
                    intValue(env, "WS_MAX_FPS", 120, 1, 10_000),
                    intValue(env, "WS_BURST", 30, 1, 10_000),
                    intValue(env, "MAX_CONNECTIONS", 1000, 1, 20_000),
                    intValue(env, "MAX_CONNECTIONS_PER_ADDRESS", 200, 1, 20_000),
                    intValue(env, "WS_IDLE_SECONDS", 300, 5, 86_400));
        }
    }

    /**
     * Largest WebSocket message accepted at all. A JSON frame of 512×512 pixels written as
     * "0.123," is about 1.6 MB; 4 MB leaves room and still bounds memory per connection.
     * Beyond this the connection is closed (1009) by the protocol layer, before we could read it.
     */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Text messages we parse; a larger one is answered with {@code message_too_large}. */
    public static final int MAX_TEXT_BYTES = 2 * 1024 * 1024;
    /** Request bodies on the HTTP API (the same JSON frames). */
    public static final int MAX_BODY_BYTES = MAX_TEXT_BYTES;

    public static ServerConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    static ServerConfig fromMap(Map<String, String> env) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(
                env.getOrDefault("HOST", "0.0.0.0"),
                intValue(env, "PORT", 8080, 0, 65535),
                Path.of(env.getOrDefault("WEIGHTS_DIR", "weights")),
                Path.of(env.getOrDefault("DATA_DIR", "data")),
                intValue(env, "INFERENCE_WORKERS", cores, 1, 64),
                intValue(env, "HTTP_INSTANCES", cores, 1, 64),
                env.get("ADMIN_TOKEN"),
                intValue(env, "INFERENCE_TIMEOUT_MS", 5000, 100, 600_000),
                // Training leaves a core to serving: predictions stay fast while a job runs.
                intValue(env, "TRAINING_THREADS", Math.max(1, cores - 1), 1, 64),
                BackgroundPriority.Level.parse(env.getOrDefault("TRAINING_PRIORITY", "idle")),
                ClientLimits.fromMap(env));
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, weightsDir, dataDir, inferenceWorkers, httpInstances, adminToken, inferenceTimeoutMillis, trainingThreads, trainingPriority, clients);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, weightsDir, dataDir, inferenceWorkers, httpInstances, adminToken, inferenceTimeoutMillis, trainingThreads, trainingPriority, clients);
    }

    /**
     * The MNIST files: {@code $DATA_DIR/mnist} when that directory exists, else where {@code train}
     * looks ({@link MnistDataset#defaultDir()}). Looks at the disk: call it off the event loop.
     */
    public Path mnistDir() {
        Path own = dataDir.resolve("mnist");
        return Files.isDirectory(own) ? own : MnistDataset.defaultDir();
    }

    private static int intValue(Map<String, String> env, String name, int fallback, int min, int max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
        }
    }
}
