package dev.livedigits.cli.bench;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>With {@code --flood N} the same clients are measured a second time (same warm-up and window) while N
 * more clients send 280×280 frames as fast as their sockets take them; the last line then ends with that
 * phase's figures ({@code flooded_…}), the flooders' rates and {@code p99_ratio_flood_over_calm}. With
 * {@code --flood-rounds R} the calm and the flooded phase alternate R times; the figures under the same keys
 * pool every calm and every flooded phase, and {@code flood_rounds} and {@code p99_ratio_by_round} end the line.
 */
public final class WsLoadBenchmark {
    private static final long SERVER_START_MS = 120_000;
    /** Distinct frames a flooder cycles through: 100 × 280² bytes = 7.8 MB, shared by every flooder. */
    private static final int FLOOD_FRAMES = 100;

    private WsLoadBenchmark() {}

    /**
     * Runs {@code bench ws} with checked {@code options}.
     *
     * @param inProcessServer used only without {@code --url}: starts the real server in this JVM and
     *     yields its WebSocket URL (e.g. {@code ws://127.0.0.1:34567/ws}); the caller owns that server
     *     and stops it afterwards
     * @return 0 on success
     * @throws IllegalStateException if the server cannot be reached or does not start
     * @throws UncheckedIOException if the MNIST test set cannot be read
     */
    static int run(WsBenchOptions options, PrintStream out, Supplier<Future<String>> inProcessServer) {
        LabeledImages digits = mnistTestImages();
        BenchFrames frames = BenchFrames.of(digits, BenchFrames.countFor(options.size()), options.size());
        BenchFrames floodFrames = options.flood() > 0 ? BenchFrames.of(digits, FLOOD_FRAMES, WsBenchOptions.FLOOD_SIZE) : null;
        return run(options, frames, floodFrames, out, inProcessServer);
    }

    private static int run(WsBenchOptions options, BenchFrames frames, BenchFrames floodFrames, PrintStream out,
                           Supplier<Future<String>> inProcessServer) {
        URI url = options.predictUrl(options.url() != null ? options.url() : startInProcess(inProcessServer));

        LoadTally predict = LoadRun.run(url, options, frames);
        Map<String, String> predictFigures = predictFigures(options, predict, options.seconds());
        int calmSeconds = options.seconds();
        out.println("bench ws predict " + url + ", " + shape(options) + ": " + predict.describe("predictions", options.seconds())
                + (options.reconnect() ? predict.describeReconnects() : ""));
        boolean flood = options.flood() > 0;
        if (!options.echo() && !flood) {
            out.println(keyValues(withReconnects(predictFigures, options, predict)));
            return 0;
        }
        out.println(keyValues(predictFigures));

        Map<String, String> floodFigures = Map.of();
        if (flood) {
            // The calm phase above is the reference; with --flood-rounds the two alternate and are pooled.
            LoadTally calm = new LoadTally();
            calm.add(predict);
            LoadTally floodedClients = new LoadTally();
            FloodClient.Tally flooders = new FloodClient.Tally(0, 0, 0);
            List<String> roundRatios = new ArrayList<>();
            for (int round = 0; round < options.floodRounds(); round++) {
                LoadTally roundCalm = predict;
                if (round > 0) {
                    roundCalm = LoadRun.run(url, options, frames);
                    calm.add(roundCalm);
                    out.println("bench ws calm, round " + (round + 1) + ": " + roundCalm.describe("predictions", options.seconds()));
                }
                LoadRun.Phase flooded = LoadRun.run(url, options, frames, options.flood(), floodFrames);
                floodedClients.add(flooded.clients());
                flooders = flooders.plus(flooded.flooders());
                roundRatios.add(p99Ratio(flooded.clients(), roundCalm));
                FloodClient.Tally f = flooded.flooders();
                out.printf(Locale.ROOT, "bench ws flood%s: the same load beside %d client(s) sending %dx%d frames back-to-back: %s;"
                                + " flooders sent %.1f frames/s (%.1f MB/s), got %.1f replies/s, %d closed early%n",
                        options.floodRounds() > 1 ? ", round " + (round + 1) : "", options.flood(), WsBenchOptions.FLOOD_SIZE,
                        WsBenchOptions.FLOOD_SIZE, flooded.clients().describe("predictions", options.seconds()),
                        perSecond(f.sent(), options.seconds()), perSecond(f.sent(), options.seconds()) * floodFrames.side() * floodFrames.side() / 1e6,
                        perSecond(f.replies(), options.seconds()), f.closedEarly());
            }
            int seconds = options.seconds() * options.floodRounds();
            if (options.floodRounds() > 1) {
                // Every calm phase pooled, under the same keys.
                predict = calm;
                calmSeconds = seconds;
                predictFigures = predictFigures(options, calm, seconds);
            }
            floodFigures = floodFigures(options, calm, floodedClients, flooders, seconds);
            if (options.floodRounds() > 1) {
                floodFigures.put("flood_rounds", Integer.toString(options.floodRounds()));
                floodFigures.put("p99_ratio_by_round", String.join("/", roundRatios));
            }
        }

        Map<String, String> all = new LinkedHashMap<>(predictFigures);
        if (options.echo()) {
            LoadTally echo;
            try (LocalWsServer echoServer = LocalWsServer.start(EchoConnection::attach)) {
                echo = LoadRun.run(echoServer.url(), options, frames);
                out.println("bench ws echo baseline " + echoServer.url() + ", same load: " + echo.describe("echo replies", options.seconds()));
            }
            all.putAll(echo.figures("echo_", "per_s", options.seconds()));
            double echoRate = echo.predictionsPerSecond(options.seconds());
            all.put("ratio_predict_over_echo",
                    echoRate > 0 ? LoadTally.decimal(predict.predictionsPerSecond(calmSeconds) / echoRate, 3) : "NaN");
        }
        all = withReconnects(all, options, predict);
        all.putAll(floodFigures);
        out.println(keyValues(all));
        return 0;
    }

    /** The calm phase's figures, first on the last line: the run's shape, then the tally's. */
    private static Map<String, String> predictFigures(WsBenchOptions options, LoadTally predict, int seconds) {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("mode", "predict");
        figures.put("clients", Integer.toString(options.clients()));
        figures.put("fps", options.fpsLabel());
        figures.put("size", Integer.toString(options.size()));
        figures.put("seconds", Integer.toString(options.seconds()));
        if (options.activations()) figures.put("activations", "1");
        figures.putAll(predict.figures("", "predictions_per_s", seconds));
        return figures;
    }

    /**
     * The {@code --flood} figures, appended after every older key: the regular clients beside the flooders
     * ({@code flooded_…}, the same figures as the calm phase's), the flooders' rates, and the p99 ratio.
     */
    private static Map<String, String> floodFigures(WsBenchOptions options, LoadTally calm, LoadTally flooded,
                                                    FloodClient.Tally flooders, int seconds) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("flood", Integer.toString(options.flood()));
        f.putAll(flooded.figures("flooded_", "predictions_per_s", seconds));
        f.put("flooder_frames_per_s", LoadTally.decimal(perSecond(flooders.sent(), seconds), 1));
        f.put("flooder_replies_per_s", LoadTally.decimal(perSecond(flooders.replies(), seconds), 1));
        f.put("flooder_closed", Long.toString(flooders.closedEarly()));
        f.put("p99_ratio_flood_over_calm", p99Ratio(flooded, calm));
        return f;
    }

    private static String p99Ratio(LoadTally flooded, LoadTally calm) {
        double calmP99 = calm.rttMillis(99);
        return calmP99 > 0 ? LoadTally.decimal(flooded.rttMillis(99) / calmP99, 2) : "NaN";
    }

    private static double perSecond(long count, int seconds) {
        return (double) count / seconds;
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
