package dev.livedigits.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The log configuration read from the environment, in one place. {@link LogConfigurator} holds the
 * formats and the default levels; this applies {@code LOG_FORMAT} (checked) and {@code LOG_LEVEL} on top:
 * {@code LOG_LEVEL=debug} sets the root level, {@code LOG_LEVEL=info,dev.livedigits.cluster=debug,com.hazelcast=info}
 * the root and then each named logger (a package or a class).
 */
public final class Logging {
    public static final String FORMAT = "LOG_FORMAT";
    public static final String LEVEL = "LOG_LEVEL";
    private static final Set<String> FORMATS = Set.of("text", "json");
    private static final String ROOT = Logger.ROOT_LOGGER_NAME;

    private Logging() {}

    /**
     * Call first in {@code main}, before anything touches Vert.x: Vert.x picks its logging backend once,
     * when its first logger is made.
     */
    public static void configure(Map<String, String> env) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        String format = env.getOrDefault(FORMAT, "text");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException(FORMAT + "='" + format + "': expected text or json");
        }
        String levels = env.get(LEVEL);
        if (levels == null || levels.isBlank()) return;
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        parseLevels(levels).forEach((logger, level) -> context.getLogger(logger).setLevel(level));
    }

    /** {@code info,dev.livedigits.cluster=debug} → root=INFO, dev.livedigits.cluster=DEBUG, in that order. */
    static Map<String, Level> parseLevels(String spec) {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) continue;
            int eq = item.indexOf('=');
            String logger = eq < 0 ? ROOT : item.substring(0, eq).trim();
            String name = (eq < 0 ? item : item.substring(eq + 1)).trim();
            if (logger.isEmpty()) throw new IllegalArgumentException(LEVEL + ": '" + item + "' names no logger before '='");
            levels.put(logger, level(name));
        }
        return levels;
    }

    private static Level level(String name) {
        // Level.toLevel falls back to DEBUG on a typo; a typo should be an error the operator sees.
        Level level = Level.toLevel(name.toUpperCase(Locale.ROOT), null);
        if (level == null) {
            throw new IllegalArgumentException(LEVEL + ": unknown level '" + name + "' (trace, debug, info, warn, error, off)");
        }
        return level;
    }
}
