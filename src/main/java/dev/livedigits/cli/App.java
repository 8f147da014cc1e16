package dev.livedigits.cli;

import dev.livedigits.cli.bench.ActivationsBenchCommand;
import dev.livedigits.cli.bench.DataBenchCommand;
import dev.livedigits.cli.bench.SwapBenchCommand;
import dev.livedigits.cli.bench.WsBenchCommand;
import dev.livedigits.server.LiveDigitsServer;
import dev.livedigits.server.Logging;
import dev.livedigits.server.MeteredVertx;
import dev.livedigits.server.ServerConfig;
import io.vertx.core.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one entry point: {@code serve} (the default), {@code train}, {@code eval}, {@code bench} ({@code ws},
 * {@code swap}), parsed by picocli. Exit status 0 on success; a command line it cannot act on exits 2 with
 * one line on stderr naming the option ({@link CliErrors}); a failure while running exits 1.
 */
public final class App {
    private App() {}

    @Command(name = "live-digits", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
            synopsisSubcommandLabel = "[serve | train | eval | bench [ws | swap | data | activations]]",
            description = "Draw a digit, watch ten confidence bars move while you draw. Without a command: serve.",
            footer = {"", "`<command> --help` shows each command's options. Exit status: 0 ok, 1 failed, 2 bad command line."})
    static final class Root {
    }

    public static void main(String[] args) {
        // Netty 4.2 emits JFR events from its buffer allocators when JFR is available, and setting
        // their types up on the first connection costs ~0.2 s of the start (measured: the first /health
        // took 0.42 s, 0.23 s without). Nobody records them unless profiling, who can say -Dio.netty.jfr.enabled=true.
        if (System.getProperty("io.netty.jfr.enabled") == null) System.setProperty("io.netty.jfr.enabled", "false");
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
        return run(args, out, err, App::startServerInProcess, System.getenv());
    }

    /**
     * Runs one command line.
     *
     * @param inProcessServer what {@code bench ws} without {@code --url} measures: starts a server and yields its
     *     WebSocket URL (the real server on a free port, or a test's stand-in)
     * @param env where {@code bench swap} reads {@code ADMIN_TOKEN}
     * @return the exit status, or {@link ServeCommand#KEEP_RUNNING} when the server is up
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Supplier<Future<String>> inProcessServer,
                          Map<String, String> env) {
        // No command means serve, as it always has: `java -jar live-digits.jar` starts the server.
        String[] line = args.length == 0 ? new String[] {"serve"} : args;
        CommandLine cli = commandLine(out, err, inProcessServer, env);
        try {
            return cli.execute(line);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, Supplier<Future<String>> inProcessServer,
                                   Map<String, String> env) {
        CommandLine bench = new CommandLine(new BenchCommand(out))
                .addSubcommand(new WsBenchCommand(out, inProcessServer))
                .addSubcommand(new SwapBenchCommand(out, env))
                .addSubcommand(new DataBenchCommand(out))
                .addSubcommand(new ActivationsBenchCommand(out));
        CommandLine cli = new CommandLine(new Root())
                .addSubcommand(new ServeCommand())
                .addSubcommand(new TrainCommand(out))
                .addSubcommand(new EvalCommand(out))
                .addSubcommand(bench)
                .addSubcommand("help", new CommandLine.HelpCommand());
        // The old parser let a repeated option's last value win; scripts may rely on that.
        cli.setOverwrittenOptionsAllowed(true);
        // An argument starting with @ is a value like any other (an id, a path), not a file of more arguments.
        cli.setExpandAtFiles(false);
        // After the subcommands are added, so that these reach every one of them.
        OptionTypes.register(cli);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler(CliErrors::badCommandLine);
        cli.setExecutionExceptionHandler(CliErrors::failed);
        return cli;
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
}
