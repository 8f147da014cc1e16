package dev.livedigits.server.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Open WebSockets counted in total and per client address, shared by every HTTP event loop of the
 * node (hence synchronized: one short critical section per connection opened or closed, never per frame).
 */
public final class ConnectionLimits {
    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int total;

    public ConnectionLimits(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts a connection from {@code address} if both caps allow it; otherwise the reason it is
     * refused, for the client to read. Every admitted connection must be {@link #release}d once.
     */
    public synchronized Optional<String> tryAdmit(String address) {
        if (total >= maxTotal) {
            return Optional.of("the server has its maximum of " + maxTotal + " open connections; try again later");
        }
        int fromAddress = perAddress.getOrDefault(address, 0);
        if (fromAddress >= maxPerAddress) {
            return Optional.of("address " + address + " has its maximum of " + maxPerAddress + " open connections; close one first");
        }
        perAddress.put(address, fromAddress + 1);
        total++;
        return Optional.empty();
    }

    public synchronized void release(String address) {
        Integer n = perAddress.get(address);
        if (n == null) return;
        if (n == 1) perAddress.remove(address);
        else perAddress.put(address, n - 1);
        total--;
    }
}
