package dev.livedigits.nn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightsFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static SavedModel model(int... hidden) {
        TrainingConfig config = TrainingConfig.defaults().withHidden(hidden);
        Layout layout = config.layout(784, 10);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", 3);
        training.put("augment", true);
        ModelInfo info = new ModelInfo("test-1", layout.sizes(), 0.9876, Instant.parse("2026-11-24T20:00:00Z"), 42, training);
        return new SavedModel(Network.heInitialized(layout, 9), info);
    }

    @Test
    @DisplayName("a model survives a write and a read exactly, and no temporary file is left behind")
    void roundTrip() throws IOException {
        SavedModel model = model(64, 32);
        Path file = dir.resolve("m.json");
        WeightsFile.write(file, model);
        WeightsFile.write(file, model); // overwriting is fine too
        SavedModel back = WeightsFile.read(file);
        assertArrayEquals(model.network().parameters(), back.network().parameters());
        assertEquals(model.info(), back.info());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the weights file remains");
        }
        byte[] image = new byte[784];
        image[300] = (byte) 200;
        assertArrayEquals(model.network().predict(image), back.network().predict(image));
    }

    @Test
    @DisplayName("a flipped byte anywhere in the file is detected and named")
    void flippedByteDetected() throws IOException {
        Path file = dir.resolve("m.json");
        WeightsFile.write(file, model(16));
        byte[] good = Files.readAllBytes(file);
        SplittableRandom random = new SplittableRandom(3);
        int refused = 0;
        int trials = 300;
        for (int t = 0; t < trials; t++) {
            byte[] bad = good.clone();
            int at = random.nextInt(bad.length);
            // Whitespace does not carry content: changing it is not corruption of the model.
            if (Character.isWhitespace(bad[at])) continue;
            bad[at] ^= (byte) (1 << random.nextInt(7));
            if (Character.isWhitespace(bad[at])) continue;
            Path corrupt = dir.resolve("corrupt-" + t + ".json");
            Files.write(corrupt, bad);
            WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.read(corrupt), "flip at byte " + at);
            assertTrue(e.getMessage().startsWith(corrupt.toString()), e.getMessage());
            refused++;
        }
        assertTrue(refused > trials / 2, "most trials flipped a content byte: " + refused);
    }

    @Test
    @DisplayName("a file whose parameters do not fit its layers is refused even with valid checksums")
    void wrongShapeRefused() throws IOException {
        Path file = dir.resolve("m.json");
        WeightsFile.write(file, model(16));
        ObjectNode doc = (ObjectNode) JSON.readTree(file.toFile());
        doc.putArray("layers").add(784).add(17).add(10);
        resign(doc);
        Files.write(file, JSON.writeValueAsBytes(doc));
        WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.read(file));
        assertTrue(e.getMessage().contains("layer 0 is 784x16 but layers say 784x17"), e.getMessage());
    }

    @Test
    @DisplayName("a network that does not map 784 pixels to 10 digits is refused")
    void wrongInterfaceRefused() throws IOException {
        Path file = dir.resolve("m.json");
        Layout layout = new Layout(784, 8, 3);
        WeightsFile.write(file, new SavedModel(Network.heInitialized(layout, 1),
                new ModelInfo("odd", layout.sizes(), 0.5, Instant.now(), 1, Map.of())));
        WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.read(file));
        assertTrue(e.getMessage().contains("784-8-3 does not map 784 pixels to 10 digits"), e.getMessage());
    }

    @Test
    @DisplayName("missing, truncated and non-JSON files are refused with the file's name")
    void unreadableFiles() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertTrue(assertThrows(WeightsFileException.class, () -> WeightsFile.read(missing)).getMessage().contains("no such file"));
        Path file = dir.resolve("m.json");
        WeightsFile.write(file, model(16));
        byte[] good = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        assertTrue(assertThrows(WeightsFileException.class, () -> WeightsFile.read(file)).getMessage().contains("not valid JSON"));
        Files.writeString(file, "[1,2,3]");
        assertTrue(assertThrows(WeightsFileException.class, () -> WeightsFile.read(file)).getMessage().contains("not a JSON object"));
    }

    private static void resign(ObjectNode doc) {
        doc.remove("documentSha256");
        doc.put("documentSha256", WeightsFile.documentSha(doc));
    }
}
