package dev.livedigits.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped log configuration ({@link LogConfigurator}) in both formats, and LOG_LEVEL / LOG_FORMAT as {@link Logging} reads them. */
class LoggingTest {
    @Test
    @DisplayName("LOG_FORMAT=json: one JSON object a line, with level, logger, message and the access log's fields")
    void jsonLines() throws Exception {
        List<String> lines = logWith("json", log -> {
            log.getLogger("dev.livedigits.server.Example").info("live-digits listening on http://{}:{}", "127.0.0.1", 8080);
            log.getLogger(AccessLog.LOGGER).atInfo().addKeyValue("status", 200).addKeyValue("path", "/health").log("GET /health 200");
            log.getLogger("dev.livedigits.server.Example").warn("failed", new IllegalStateException("boom"));
        });
        assertEquals(3, lines.size(), String.join("\n", lines));
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertEquals("INFO", first.get("level").asText());
        assertEquals("dev.livedigits.server.Example", first.get("logger_name").asText());
        assertEquals("live-digits listening on http://127.0.0.1:8080", first.get("message").asText());
        assertTrue(first.get("@timestamp").asText().endsWith("Z"));
        JsonNode access = json.readTree(lines.get(1));
        assertEquals(AccessLog.LOGGER, access.get("logger_name").asText());
        assertEquals(200, access.get("status").asInt());
        assertEquals("/health", access.get("path").asText());
        JsonNode warn = json.readTree(lines.get(2));
        assertEquals("WARN", warn.get("level").asText());
        assertTrue(warn.get("stack_trace").asText().contains("IllegalStateException: boom"));
    }

    @Test
    @DisplayName("LOG_FORMAT=text (default): the one line scripts grep, instant in UTC, level padded to 5, the sentence")
    void textLines() throws Exception {
        List<String> lines = logWith("text", log -> {
            log.getLogger("dev.livedigits.server.Example").info("live-digits listening on http://{}:{}", "127.0.0.1", 8080);
            log.getLogger("com.hazelcast.Example").info("a page of join chatter");
            log.getLogger("com.hazelcast.cp.CPSubsystem").warn("unsafe mode");
            log.getLogger("com.hazelcast.Example").warn("a real warning");
        });
        assertEquals(2, lines.size(), "Hazelcast below WARN and the CP subsystem's warning are quiet: " + lines);
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z INFO  live-digits listening on http://127\\.0\\.0\\.1:8080"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith(" WARN  a real warning"), lines.get(1));
    }

    @Test
    @DisplayName("LOG_LEVEL sets the root level and, after commas, any package's or class's level")
    void levels() {
        Map<String, Level> parsed = Logging.parseLevels("info, dev.livedigits.cluster=debug,com.hazelcast=INFO");
        assertEquals(Map.of(Logger.ROOT_LOGGER_NAME, Level.INFO, "dev.livedigits.cluster", Level.DEBUG, "com.hazelcast", Level.INFO), parsed);
        assertEquals(Map.of(Logger.ROOT_LOGGER_NAME, Level.DEBUG), Logging.parseLevels("debug"));

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger cluster = context.getLogger("dev.livedigits.cluster");
        Level rootBefore = root.getLevel();
        Level clusterBefore = cluster.getLevel();
        try {
            Logging.configure(Map.of(Logging.LEVEL, "warn,dev.livedigits.cluster=debug"));
            assertTrue(LoggerFactory.getLogger("dev.livedigits.cluster.ClusterNode").isDebugEnabled());
            assertFalse(LoggerFactory.getLogger("dev.livedigits.server.LiveDigitsServer").isInfoEnabled());
            assertTrue(LoggerFactory.getLogger("dev.livedigits.server.LiveDigitsServer").isWarnEnabled());
        } finally {
            root.setLevel(rootBefore);
            cluster.setLevel(clusterBefore);
        }
    }

    @Test
    @DisplayName("a wrong LOG_LEVEL or LOG_FORMAT is an error that says what is accepted, not a silent default")
    void mistakes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Logging.parseLevels("verbose")).getMessage()
                .contains("unknown level 'verbose'"));
        assertThrows(IllegalArgumentException.class, () -> Logging.parseLevels("=debug"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Logging.configure(Map.of(Logging.FORMAT, "xml"))).getMessage()
                .contains("expected text or json"));
    }

    @Test
    @DisplayName("Logback finds the configuration in code first; -Dlogback.configurationFile makes it step aside")
    void configurationInCode() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertTrue(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT") != null,
                "the test JVM's Logback was configured by LogConfigurator (found through META-INF/services)");
        String before = System.getProperty("logback.configurationFile");
        try {
            System.setProperty("logback.configurationFile", "/somewhere/logback.xml");
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new LogConfigurator().configure(new LoggerContext()));
        } finally {
            if (before == null) System.clearProperty("logback.configurationFile");
            else System.setProperty("logback.configurationFile", before);
        }
    }

    interface Body {
        void run(LoggerContext log);
    }

    /** The shipped configuration in a context of its own with {@code LOG_FORMAT=format}; what it printed, line by line. */
    private static List<String> logWith(String format, Body body) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's binding gives the default context
        try {
            // The console appender writes to whatever System.out is at the time of each event.
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogConfigurator.apply(context, format);
            body.run(context);
        } finally {
            context.stop();
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
