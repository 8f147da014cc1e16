package dev.livedigits.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.livedigits.nn.Architecture;
import dev.livedigits.nn.Network;
import dev.livedigits.nn.TrainingConfig;

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

    private static SavedModel model(String layers) {
        Architecture layout = Architecture.parse(TrainingConfig.INPUT, layers);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", 3);
        training.put("augment", true);
        ModelInfo info = new ModelInfo("test-1", 0.9876, Instant.parse("2026-11-24T20:00:00Z"), 42, training);
        return new SavedModel(Network.heInitialized(layout, 9), info);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dense64 dense32 dense10", "conv3x3-16 pool conv3x3-32 pool dense32 dense10", "conv5x5-4 conv3x3-16 pool dense10"})
    @DisplayName("a model survives a write and a read exactly, and no temporary file is left behind")
    void roundTrip(String layers) throws IOException {
        SavedModel model = model(layers);
        Path file = dir.resolve("m.json");
        WeightsFile.write(file, model);
        WeightsFile.write(file, model); // overwriting is fine too
        SavedModel back = WeightsFile.read(file);
        assertArrayEquals(model.network().parameters(), back.network().parameters());
        assertEquals(model.architecture(), back.architecture());
        assertEquals(layers, back.architecture().describe());
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
        WeightsFile.write(file, model("dense16 dense10"));
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
        WeightsFile.write(file, model("dense16 dense10"));
        ObjectNode doc = (ObjectNode) JSON.readTree(file.toFile());
        doc.put("architecture", "dense17 dense10");
        resign(doc);
        Files.write(file, JSON.writeValueAsBytes(doc));
        WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.read(file));
        assertTrue(e.getMessage().contains("layer 0 weights hold 12544 floats, the shape needs 13328"), e.getMessage());
    }

    @Test
    @DisplayName("a format-1 file (the MLP base-v1) still loads, with its shape, checksums and accuracy")
    void formatOneStillReads() throws IOException {
        SavedModel v1 = WeightsFile.read(Path.of("weights", "base-v1.json"));
        assertEquals("784-256-128-10", v1.architecture().toString());
        assertEquals("dense256 dense128 dense10", v1.architecture().describe());
        assertEquals(0.9929, v1.info().testAccuracy(), 1e-9);
        // Written again it becomes format 2 and reads back to the same network.
        Path file = dir.resolve("base-v1.json");
        WeightsFile.write(file, v1);
        assertEquals(WeightsFile.FORMAT, JSON.readTree(file.toFile()).path("format").asText());
        assertArrayEquals(v1.network().parameters(), WeightsFile.read(file).network().parameters());
    }

    @Test
    @DisplayName("a network that does not map 784 pixels to 10 digits is refused")
    void wrongInterfaceRefused() throws IOException {
        Path file = dir.resolve("m.json");
        Architecture layout = Architecture.mlp(784, 8, 3);
        WeightsFile.write(file, new SavedModel(Network.heInitialized(layout, 1),
                new ModelInfo("odd", 0.5, Instant.now(), 1, Map.of())));
        WeightsFileException e = assertThrows(WeightsFileException.class, () -> WeightsFile.read(file));
        assertTrue(e.getMessage().contains("784-8-3 does not map 784 pixels to 10 digits"), e.getMessage());
    }

    @Test
    @DisplayName("missing, truncated and non-JSON files are refused with the file's name")
    void unreadableFiles() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertTrue(assertThrows(WeightsFileException.class, () -> WeightsFile.read(missing)).getMessage().contains("no such file"));
        Path file = dir.resolve("m.json");
        WeightsFile.write(file, model("dense16 dense10"));
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
