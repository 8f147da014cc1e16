package dev.livedigits.cli.bench;

import dev.livedigits.cli.OptionTypes;
import dev.livedigits.cli.ProjectVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench swap}: the options, checked, then {@link SwapBenchmark}. */
@Command(name = "swap", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false,
        description = {"Time how fast a model activation reaches every node of a cluster and every client on it.",
                "K WebSockets per node, R activations through the admin API (ADMIN_TOKEN from the environment), each "
                        + "client's model push timed. Last line: key=value figures; exit 1 if a push was missed or a node "
                        + "did not serve the version."})
public final class SwapBenchCommand implements Callable<Integer> {
    private static final String NAME = "bench swap";

    private final PrintStream out;
    private final Map<String, String> env;

    @Option(names = "--nodes", required = true, split = ",", paramLabel = "http://host:port", converter = HttpUrl.class,
            description = "the nodes, comma-separated (at most 16)")
    List<URI> nodes;
    @Option(names = "--rounds", paramLabel = "R", description = "activations, 1..200 (default ${DEFAULT-VALUE})")
    int rounds = 10;
    @Option(names = "--clients", paramLabel = "K", description = "WebSockets per node, 1..50 (default ${DEFAULT-VALUE})")
    int clients = 2;

    /** @param env where {@code ADMIN_TOKEN} is read */
    public SwapBenchCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (nodes.size() > SwapBenchmark.MAX_NODES) throw new IllegalArgumentException(NAME + ": at most " + SwapBenchmark.MAX_NODES + " nodes");
        OptionTypes.within(NAME, "--rounds", rounds, 1, SwapBenchmark.MAX_ROUNDS);
        OptionTypes.within(NAME, "--clients", clients, 1, SwapBenchmark.MAX_CLIENTS);
        String token = env.get("ADMIN_TOKEN");
        if (token == null || token.isBlank()) throw new IllegalArgumentException(NAME + ": set ADMIN_TOKEN to the nodes' admin token");
        return SwapBenchmark.run(nodes, rounds, clients, token, out);
    }

    static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI uri = new URI(value.trim());
                if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) return uri;
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new TypeConversionException("wants http://host:port URLs");
        }
    }
}
