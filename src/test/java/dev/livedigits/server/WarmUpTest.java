package dev.livedigits.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The early load and warm-up that {@code serve} starts before Vert.x (the server's use of it runs in every ServerFixture). */
class WarmUpTest {
    @Test
    @DisplayName("loads the active version of a weights directory and warms up on it")
    void loadsAndWarms(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("weights", "base-v1.json"), dir.resolve("base-v1.json"));
        Files.writeString(dir.resolve("ACTIVE"), "base-v1\n");
        WarmUp.Done done = WarmUp.begin(dir).outcome().orElseThrow();
        assertEquals("base-v1", done.model().id());
        assertTrue(done.warmMillis() > 0 && done.loadMillis() >= 0, done.toString());
    }

    @Test
    @DisplayName("a directory without a usable model yields nothing (the server then loads or is sent one), not an error")
    void emptyDirectory(@TempDir Path dir) throws Exception {
        assertTrue(WarmUp.begin(dir).outcome().isEmpty());
        Files.writeString(dir.resolve("ACTIVE"), "missing-v1\n");
        assertTrue(WarmUp.begin(dir).outcome().isEmpty());
        assertTrue(WarmUp.NONE.outcome().isEmpty());
    }
}
