package dev.livedigits.cli;

import dev.livedigits.cli.bench.SwapBenchmark;
import dev.livedigits.cli.bench.WsLoadBenchmark;
import dev.livedigits.server.LiveDigitsServer;
import dev.livedigits.server.Logging;
import dev.livedigits.server.MeteredVertx;
import dev.livedigits.server.ServerConfig;
import io.vertx.core.Future;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.PrintStream;
import java.util.Set;

/**
 * The one entry point: {@code serve} (the default), {@code train}, {@code eval}, {@code bench}.
 * Exit status 0 on success; otherwise a one-line reason on stderr and a non-zero status.
 */
public final class App {
    private App() {}

    public static void main(String[] args) {
        try {
            Logging.configure(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        int status = run(args, System.out, System.err);
        if (status != ServeCommand.KEEP_RUNNING) System.exit(status);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "serve" : args[0];
        int from = args.length == 0 ? 0 : 1;
        try {
            return switch (command) {
                case "train" -> TrainCommand.run(new Options("train", args, from, TrainCommand.FLAGS), out);
                case "eval" -> EvalCommand.run(new Options("eval", args, from, Set.of()), out);
                case "bench" -> switch (args.length > 1 ? args[1] : "") {
                    case "ws" -> WsLoadBenchmark.run(args, 2, out, App::startServerInProcess);
                    case "swap" -> SwapBenchmark.run(args, 2, out, System.getenv());
                    default -> BenchCommand.run(new Options("bench", args, from, Set.of()), out);
                };
                case "serve" -> ServeCommand.run(new Options("serve", args, from, Set.of("cluster")));
                case "help", "--help", "-h" -> {
                    out.println(usage());
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'\n" + usage());
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            // Option checks below the CLI (bench ws, server configuration) say what is wrong in one line.
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println(command + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println(command + ": " + e);
            return 1;
        } catch (Exception e) {
            err.println(command + ": " + e.getMessage());
            return 1;
        }
    }

    /** For {@code bench ws} without {@code --url}: the real server in this JVM on a free loopback port. */
    private static Future<String> startServerInProcess() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            ServerConfig config = ServerConfig.fromEnvironment().withHost("127.0.0.1").withPort(port);
            return LiveDigitsServer.start(MeteredVertx.standalone(), config).map(server -> "ws://127.0.0.1:" + server.port() + "/ws");
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
    }

    static String usage() {
        return """
                usage: java --add-modules jdk.incubator.vector -jar target/live-digits.jar <command> [options]
                  serve [--port P] [--cluster] start the server (default); PORT, WEIGHTS_DIR, DATA_DIR, ADMIN_TOKEN from the environment;
                                              --cluster or CLUSTER=true joins CLUSTER_MEMBERS (CLUSTER_HOST, CLUSTER_PORT, CLUSTER_NAME)
                  train [--epochs N] [--conv 16,32|none] [--kernel K] [--hidden 128] [--batch B] [--lr X] [--seed S]
                        [--out FILE] [--threads T] [--optimizer adam|sgd] [--momentum M] [--schedule cosine|constant]
                        [--dropout D] [--label-smoothing E] [--no-augment] [--drawn N] [--limit N] [--id VERSION] [--data DIR]
                  eval  [--weights FILE] [--data DIR]
                  bench [--epochs N] [--rounds R] [--threads 2,1] [--conv 16,32 --kernel 3] [--hidden 128] [--data DIR]
                  bench ws --clients N --fps F|max --seconds S --size 28|112|280 [--url ws://host:port/ws] [--warmup-seconds W] [--no-echo] [--reconnect]
                  bench swap --nodes http://host:port[,...] [--rounds R] [--clients K]   (ADMIN_TOKEN; times activation pushes on every node)""";
    }
}
