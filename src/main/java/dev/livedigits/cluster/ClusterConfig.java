package dev.livedigits.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Contract §7: {@code CLUSTER}, {@code CLUSTER_HOST}, {@code CLUSTER_PORT}, {@code CLUSTER_MEMBERS},
 * {@code CLUSTER_NAME}. The event bus takes the port after the cluster port, on the same host.
 *
 * @param host    the address this node binds and advertises for cluster traffic
 * @param port    Hazelcast's member port (5701)
 * @param members {@code host:port} seeds for TCP-IP discovery (multicast is never used)
 * @param name    nodes join only a cluster of the same name
 */
public record ClusterConfig(String host, int port, List<String> members, String name) {
    public static final int DEFAULT_PORT = 5701;

    public ClusterConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("CLUSTER_HOST must name this node's address for cluster traffic");
        if (port < 1 || port > 65534) throw new IllegalArgumentException("CLUSTER_PORT must be in 1..65534, got " + port);
        for (String m : members) {
            int colon = m.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("CLUSTER_MEMBERS entries are host:port, got '" + m + "'");
            try {
                int p = Integer.parseInt(m.substring(colon + 1));
                if (p < 1 || p > 65535) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("CLUSTER_MEMBERS entry '" + m + "' has no valid port");
            }
        }
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("CLUSTER_NAME must be 1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
        members = List.copyOf(members);
    }

    /** Whether {@code CLUSTER} asks for clustering ({@code true}, {@code 1} or {@code yes}). */
    public static boolean requested(Map<String, String> env) {
        String v = env.getOrDefault("CLUSTER", "").trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("true") || v.equals("1") || v.equals("yes");
    }

    public static ClusterConfig fromMap(Map<String, String> env) {
        String portText = env.getOrDefault("CLUSTER_PORT", String.valueOf(DEFAULT_PORT)).trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CLUSTER_PORT must be an integer, got '" + portText + "'");
        }
        List<String> members = new ArrayList<>();
        for (String m : env.getOrDefault("CLUSTER_MEMBERS", "").split(",")) {
            if (!m.isBlank()) members.add(m.trim());
        }
        return new ClusterConfig(env.getOrDefault("CLUSTER_HOST", "127.0.0.1").trim(), port, members,
                env.getOrDefault("CLUSTER_NAME", "live-digits").trim());
    }

    public int eventBusPort() {
        return port + 1;
    }
}
