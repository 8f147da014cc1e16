package dev.livedigits.server;

import dev.livedigits.training.BackgroundPriority;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the server reads from its environment (contract §5), with the defaults.
 *
 * @param inferenceWorkers worker-verticle instances running the forward pass (default: one per core)
 * @param httpInstances    HTTP verticle instances sharing the port (default: one per core)
 * @param trainingPriority how retraining competes with serving for the CPU (default: idle, it yields)
 */
public record ServerConfig(String host, int port, Path weightsDir, Path dataDir, int inferenceWorkers,
                           int httpInstances, String adminToken, long inferenceTimeoutMillis, int trainingThreads,
                           BackgroundPriority.Level trainingPriority) {
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
                BackgroundPriority.Level.parse(env.getOrDefault("TRAINING_PRIORITY", "idle")));
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, weightsDir, dataDir, inferenceWorkers, httpInstances, adminToken, inferenceTimeoutMillis, trainingThreads, trainingPriority);
    }

    public ServerConfig withWeightsDir(Path dir) {
        return new ServerConfig(host, port, dir, dataDir, inferenceWorkers, httpInstances, adminToken, inferenceTimeoutMillis, trainingThreads, trainingPriority);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(host, port, weightsDir, dir, inferenceWorkers, httpInstances, adminToken, inferenceTimeoutMillis, trainingThreads, trainingPriority);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(host, port, weightsDir, dataDir, inferenceWorkers, httpInstances, token, inferenceTimeoutMillis, trainingThreads, trainingPriority);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, weightsDir, dataDir, inferenceWorkers, httpInstances, adminToken, inferenceTimeoutMillis, trainingThreads, trainingPriority);
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
