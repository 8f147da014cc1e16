package dev.livedigits.cli.bench;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bench ws}: N WebSocket clients send real MNIST digits at F frames per second each (or as fast
 * as replies come back), and the benchmark reports predictions per second and round-trip times; then
 * the same load against a bare echo server in this JVM, so the figures can be read as "the cost of
 * predicting" over "the cost of the transport and of this load generator".
 *
 * <p>Output: for each phase a line for people and a {@code key=value} line; the last line holds both
 * phases and {@code ratio_predict_over_echo}. With {@code --reconnect} the last line ends with the
 * predict phase's {@code reconnects}, {@code max_disconnected_ms} and {@code lost}.
 */
public final class WsLoadBenchmark {
    private static final long SERVER_START_MS = 120_000;

    private WsLoadBenchmark() {}

    /**
     * Runs {@code bench ws} with the options in {@code args[from..]}.
     *
     * @param inProcessServer used only without {@code --url}: starts the real server in this JVM and
     *     yields its WebSocket URL (e.g. {@code ws://127.0.0.1:34567/ws}); the caller owns that server
     *     and stops it afterwards
     * @return 0 on success
     * @throws IllegalArgumentException with a one-line message for an unknown option or a bad value
     * @throws IllegalStateException if the server cannot be reached or does not start
     * @throws UncheckedIOException if the MNIST test set cannot be read
     */
    public static int run(String[] args, int from, PrintStream out, Supplier<Future<String>> inProcessServer) {
        WsBenchOptions options = WsBenchOptions.parse(args, from);
        BenchFrames frames = BenchFrames.of(mnistTestImages(), BenchFrames.countFor(options.size()), options.size());
        return run(options, frames, out, inProcessServer);
    }

    static int run(WsBenchOptions options, BenchFrames frames, PrintStream out, Supplier<Future<String>> inProcessServer) {
        URI url = options.url() != null ? options.url() : startInProcess(inProcessServer);

        LoadTally predict = LoadRun.run(url, options, frames);
        Map<String, String> predictFigures = new LinkedHashMap<>();
        predictFigures.put("mode", "predict");
        predictFigures.put("clients", Integer.toString(options.clients()));
        predictFigures.put("fps", options.fpsLabel());
        predictFigures.put("size", Integer.toString(options.size()));
        predictFigures.put("seconds", Integer.toString(options.seconds()));
        predictFigures.putAll(predict.figures("", "predictions_per_s", options.seconds()));
        out.println("bench ws predict " + url + ", " + shape(options) + ": " + predict.describe("predictions", options.seconds())
                + (options.reconnect() ? predict.describeReconnects() : ""));
        if (!options.echo()) {
            out.println(keyValues(withReconnects(predictFigures, options, predict)));
            return 0;
        }
        out.println(keyValues(predictFigures));

        LoadTally echo;
        try (LocalWsServer echoServer = LocalWsServer.start(EchoConnection::attach)) {
            echo = LoadRun.run(echoServer.url(), options, frames);
            out.println("bench ws echo baseline " + echoServer.url() + ", same load: " + echo.describe("echo replies", options.seconds()));
        }
        Map<String, String> all = new LinkedHashMap<>(predictFigures);
        all.putAll(echo.figures("echo_", "per_s", options.seconds()));
        double echoRate = echo.predictionsPerSecond(options.seconds());
        all.put("ratio_predict_over_echo",
                echoRate > 0 ? LoadTally.decimal(predict.predictionsPerSecond(options.seconds()) / echoRate, 3) : "NaN");
        out.println(keyValues(withReconnects(all, options, predict)));
        return 0;
    }

    /** With {@code --reconnect}, the predict phase's reconnect figures go at the end of the last line (after every older key). */
    private static Map<String, String> withReconnects(Map<String, String> figures, WsBenchOptions options, LoadTally predict) {
        if (!options.reconnect()) {
            return figures;
        }
        Map<String, String> all = new LinkedHashMap<>(figures);
        all.putAll(predict.reconnectFigures());
        return all;
    }

    private static URI startInProcess(Supplier<Future<String>> inProcessServer) {
        String url = Blocking.await(inProcessServer.get(), SERVER_START_MS, "starting the server in this JVM");
        try {
            URI uri = URI.create(url);
            if ("ws".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException("bench ws: the in-process server gave '" + url + "', not a ws://host:port/path URL");
    }

    private static LabeledImages mnistTestImages() {
        try {
            return MnistDataset.load(MnistDataset.defaultDir()).test();
        } catch (IOException e) {
            throw new UncheckedIOException("bench ws: cannot read the MNIST test digits: " + e.getMessage(), e);
        }
    }

    private static String shape(WsBenchOptions o) {
        String rate = o.saturating() ? "saturating (1 frame in flight each)" : o.fps() + " fps";
        return String.format(Locale.ROOT, "%d clients x %s x %d s (+%d s warm-up), %dx%d frames%s",
                o.clients(), rate, o.seconds(), o.warmupSeconds(), o.size(), o.size(), o.reconnect() ? ", reconnecting" : "");
    }

    private static String keyValues(Map<String, String> figures) {
        StringBuilder line = new StringBuilder();
        figures.forEach((k, v) -> line.append(line.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return line.toString();
    }
}
