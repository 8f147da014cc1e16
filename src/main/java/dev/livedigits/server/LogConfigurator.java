package dev.livedigits.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;

import java.util.Map;

/**
 * The server's log configuration, in code: Logback finds it through {@code META-INF/services} and runs it
 * before looking for any XML. In code rather than a {@code logback.xml} because Logback's XML reader
 * (Joran) loads ~480 classes and took ~0.3 s of every start, a tenth of the start-up budget.
 *
 * <p>Logs go to stdout. {@code LOG_FORMAT=text} (the default): the instant in UTC to the microsecond, the
 * level padded to 5, the sentence — scripts grep these lines ("listening on", "ADMIN_TOKEN"), so the
 * sentence stays last and whole. {@code LOG_FORMAT=json}: one JSON object a line (@timestamp, level,
 * logger_name, thread_name, message, the event's key-value pairs as fields, stack_trace), written by
 * logstash-logback-encoder. {@code LOG_LEVEL} is applied on top by {@link Logging}.
 *
 * <p>{@code -Dlogback.configurationFile=…} replaces all of this: then this configurator steps aside and
 * Logback reads that file as usual.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS,UTC}%micros{}Z %-5level %msg%n";

    /** Levels set deliberately, each with its reason. */
    static final Map<String, Level> DEFAULT_LEVELS = Map.of(
            // One line per HTTP request (method, path, status, bytes, ms, remote); LOG_LEVEL=…,dev.livedigits.access=off silences it.
            AccessLog.LOGGER, Level.INFO,
            // Hazelcast's INFO lines (a page per join) drown the server's own; its warnings still show.
            "com.hazelcast", Level.WARN,
            // Warns at every start that the CP subsystem runs in "unsafe" mode. Known and chosen: the job lock is a
            // map lock, which Hazelcast releases when its holder dies; the CP subsystem (a Raft group of at least
            // three dedicated members) would not release it that way.
            "com.hazelcast.cp.CPSubsystem", Level.ERROR,
            // vertx-micrometer registers each of its gauges once per event loop on purpose (they share one counter,
            // found by the gauge's id), and Micrometer warns that the repeats are ignored: noise, not a fault.
            "io.micrometer.core.instrument.MeterRegistry", Level.ERROR);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        apply(context, System.getenv(Logging.FORMAT));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context} for {@code format} ({@code "json"}, else text; {@link Logging} rejects other values first). */
    static void apply(LoggerContext context, String format) {
        Encoder<ILoggingEvent> encoder = "json".equals(format) ? new LogstashEncoder() : textEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        DEFAULT_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static PatternLayoutEncoder textEncoder() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }
}
