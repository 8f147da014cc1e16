package dev.livedigits.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServerConfigTest {
    @Test
    @DisplayName("client limits: the defaults, values from the environment, and a value out of bounds refused by name")
    void clientLimits() {
        assertEquals(new ServerConfig.ClientLimits(120, 30, 1000, 200, 300), ServerConfig.fromMap(Map.of()).clients());
        assertEquals(new ServerConfig.ClientLimits(60, 10, 50, 5, 30), ServerConfig.fromMap(Map.of("WS_MAX_FPS", "60", "WS_BURST", "10",
                "MAX_CONNECTIONS", "50", "MAX_CONNECTIONS_PER_ADDRESS", "5", "WS_IDLE_SECONDS", "30")).clients());
        for (String[] bad : new String[][] {{"WS_MAX_FPS", "0"}, {"WS_BURST", "10001"}, {"MAX_CONNECTIONS", "20001"},
                {"MAX_CONNECTIONS_PER_ADDRESS", "0"}, {"WS_IDLE_SECONDS", "4"}, {"WS_MAX_FPS", "fast"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerConfig.fromMap(Map.of(bad[0], bad[1])));
            assertEquals(bad[0], e.getMessage().substring(0, bad[0].length()), e.getMessage());
        }
    }
}
