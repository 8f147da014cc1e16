package dev.livedigits.cli.bench;

import dev.livedigits.cli.OptionTypes;
import dev.livedigits.cli.ProjectVersion;
import io.vertx.core.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code bench ws}: the options, checked, then {@link WsLoadBenchmark}. Every bound keeps the run finite and its memory small. */
@Command(name = "ws", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false,
        description = {"Load a server over WebSockets: predictions/s and round-trip p50/p99/max.",
                "N clients send real MNIST digits at F frames/s each (or, with max, the next frame when the previous one "
                        + "is answered) to a running server (--url) or one started in this JVM; then the same load against "
                        + "a bare echo server (ratio_predict_over_echo). With --flood N the clients are measured twice: "
                        + "without, then beside N more clients sending 280x280 frames back-to-back "
                        + "(p99_ratio_flood_over_calm). Last line: key=value figures."})
public final class WsBenchCommand implements Callable<Integer> {
    private static final String NAME = "bench ws";

    private final PrintStream out;
    private final Supplier<Future<String>> inProcessServer;

    @Option(names = "--clients", required = true, paramLabel = "N", description = "1..1000")
    int clients;
    @Option(names = "--fps", required = true, paramLabel = "F|max", converter = Fps.class,
            description = "frames per second per client, 1..1000, or max (= 0): one frame in flight each")
    int fps;
    @Option(names = "--seconds", required = true, paramLabel = "S", description = "the measured window, 1..3600")
    int seconds;
    @Option(names = "--size", required = true, paramLabel = "28|112|280", description = "frame side, 28..512")
    int size;
    @Option(names = "--url", paramLabel = "ws://host:port/ws", converter = WsUrl.class,
            description = "a running server (default: start the server in this JVM)")
    URI url;
    @Option(names = "--warmup-seconds", paramLabel = "W", description = "before the measured window, 0..3600 (default ${DEFAULT-VALUE})")
    int warmupSeconds = WsBenchOptions.DEFAULT_WARMUP_SECONDS;
    @Option(names = "--no-echo", arity = "0..1", fallbackValue = "true", paramLabel = "true|false", description = "skip the echo-server baseline")
    boolean noEcho;
    @Option(names = "--reconnect", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "a client whose connection closes connects again (bounded backoff) and keeps sending")
    boolean reconnect;
    @Option(names = "--flood", paramLabel = "N", description = "0..100 extra clients flooding 280x280 frames in a second phase (default ${DEFAULT-VALUE})")
    int flood;
    @Option(names = "--flood-rounds", paramLabel = "R", description = "1..10: with --flood, the calm and the flooded phase alternate R times "
            + "and the figures pool them (default ${DEFAULT-VALUE})")
    int floodRounds = 1;
    @Option(names = "--activations", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "the measured clients connect with ?activations=1 (each reply carries the layers' activations)")
    boolean activations;

    /**
     * @param inProcessServer used only without {@code --url}: starts the real server in this JVM and yields its
     *     WebSocket URL (e.g. {@code ws://127.0.0.1:34567/ws}); the caller owns that server
     */
    public WsBenchCommand(PrintStream out, Supplier<Future<String>> inProcessServer) {
        this.out = out;
        this.inProcessServer = inProcessServer;
    }

    @Override
    public Integer call() {
        return WsLoadBenchmark.run(options(), out, inProcessServer);
    }

    WsBenchOptions options() {
        OptionTypes.within(NAME, "--clients", clients, 1, WsBenchOptions.MAX_CLIENTS);
        if (fps < 0 || fps > WsBenchOptions.MAX_FPS) {
            throw new IllegalArgumentException(NAME + ": --fps must be an integer in 1.." + WsBenchOptions.MAX_FPS + " or max (= 0), got '" + fps + "'");
        }
        OptionTypes.within(NAME, "--seconds", seconds, 1, WsBenchOptions.MAX_SECONDS);
        OptionTypes.within(NAME, "--size", size, WsBenchOptions.MIN_SIZE, WsBenchOptions.MAX_SIZE);
        OptionTypes.within(NAME, "--warmup-seconds", warmupSeconds, 0, WsBenchOptions.MAX_SECONDS);
        OptionTypes.within(NAME, "--flood", flood, 0, WsBenchOptions.MAX_FLOOD);
        OptionTypes.within(NAME, "--flood-rounds", floodRounds, 1, WsBenchOptions.MAX_FLOOD_ROUNDS);
        return new WsBenchOptions(clients, fps, seconds, size, warmupSeconds, url, !noEcho, reconnect, flood, activations, floodRounds);
    }

    /** {@code max} or an integer. */
    static final class Fps implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.equalsIgnoreCase("max")) return WsBenchOptions.SATURATING;
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be an integer in 1.." + WsBenchOptions.MAX_FPS + " or max (= 0)");
            }
        }
    }

    static final class WsUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI uri = new URI(value);
                if ("ws".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) return uri;
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new TypeConversionException("must look like ws://host:port/ws");
        }
    }
}
