package dev.livedigits.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.livedigits.data.DurableFiles;
import dev.livedigits.nn.Architecture;
import dev.livedigits.nn.LayerSpec;
import dev.livedigits.nn.Network;
import dev.livedigits.nn.Shape;
import dev.livedigits.nn.TrainingConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model on disk: one self-describing JSON document.
 *
 * <p>Format 2 ({@value #FORMAT}) describes any network: the input shape, the architecture in
 * words ({@code conv3x3-16 pool conv3x3-32 pool dense128 dense10}), and per layer its kind, shape
 * and parameters. Parameters are base64 of little-endian float32 — exact (no decimal round-trip),
 * and a third of the size of printing the numbers. Two SHA-256 sums protect the file:
 * {@code parametersSha256} over the raw bytes of the whole parameter array (easy to recompute in
 * any language), and {@code documentSha256} over the compact serialization of everything else, so
 * a flipped byte in the metadata (say, the accuracy the validation gate trusts) is caught as well.
 * Files are written to a temporary file, fsync'd and renamed, so a reader sees the old file or the
 * new one, never half of one.
 *
 * <p>Format 1 ({@value #FORMAT_V1}, MLPs only, e.g. the first shipped model {@code base-v1}) is
 * still read, with the same checks; new files are always written as format 2.
 */
public final class WeightsFile {
    public static final String FORMAT = "live-digits-network";
    public static final int FORMAT_VERSION = 2;
    public static final String FORMAT_V1 = "live-digits-mlp";
    /** The only input the product serves, 28×28 pixels, and its ten digits. */
    public static final Shape INPUT = TrainingConfig.INPUT;
    public static final int CLASSES = TrainingConfig.CLASSES;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT_SHA = "documentSha256";

    private WeightsFile() {}

    public static void write(Path file, SavedModel model) throws IOException {
        DurableFiles.writeAtomically(file, toBytes(model));
    }

    /** The file's bytes, as {@link #write} stores them. */
    public static byte[] toBytes(SavedModel model) throws IOException {
        ObjectNode doc = toJson(model);
        doc.put(DOCUMENT_SHA, documentSha(doc));
        return JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc);
    }

    public static SavedModel read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeightsFileException(file, "no such file");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new WeightsFileException(file, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(root instanceof ObjectNode doc)) throw new WeightsFileException(file, "not a JSON object");
        try {
            return fromJson(file, doc);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new WeightsFileException(file, e.getMessage());
        }
    }

    private static ObjectNode toJson(SavedModel model) {
        ModelInfo info = model.info();
        Architecture architecture = model.network().architecture();
        float[] params = model.network().parameters();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", FORMAT);
        doc.put("formatVersion", FORMAT_VERSION);
        doc.put("id", info.id());
        doc.put("architecture", architecture.describe());
        doc.put("activation", "relu after every convolution and hidden dense layer");
        doc.put("output", "softmax");
        ObjectNode input = doc.putObject("input");
        input.put("channels", INPUT.channels());
        input.put("width", INPUT.width());
        input.put("height", INPUT.height());
        input.put("scale", "byte/255, 0 = background");
        input.put("normalization", "ink bounding box, longer side 20 px (area-averaged), centre of mass at the centre of 28x28");
        doc.put("testAccuracy", info.testAccuracy());
        doc.put("trainedAt", info.trainedAt().toString());
        doc.put("seed", info.seed());
        doc.set("training", JSON.valueToTree(info.training()));
        ObjectNode parameters = doc.putObject("parameters");
        parameters.put("encoding", "base64 of little-endian float32; activations are channels-last (HWC); conv weights "
                + "W[ky][kx][in][out], dense weights input-major W[in][out] over the flattened HWC input");
        parameters.put("count", architecture.parameterCount());
        ArrayNode perLayer = parameters.putArray("layers");
        for (int l = 0; l < architecture.layerCount(); l++) {
            ObjectNode layer = perLayer.addObject();
            LayerSpec spec = architecture.layer(l);
            layer.put("kind", spec.kind());
            layer.put("in", architecture.in(l).toString());
            layer.put("out", architecture.out(l).toString());
            if (spec instanceof LayerSpec.Conv conv) layer.put("kernel", conv.kernel());
            int w = architecture.weightOffset(l);
            if (w >= 0) {
                int b = architecture.biasOffset(l);
                layer.put("weights", encode(params, w, b - w));
                layer.put("bias", encode(params, b, architecture.out(l).channels()));
            }
        }
        doc.put("parametersSha256", sha256Hex(floatBytes(params)));
        return doc;
    }

    private static SavedModel fromJson(Path file, ObjectNode doc) throws WeightsFileException {
        String format = doc.path("format").asText("");
        int version = doc.path("formatVersion").asInt(-1);
        boolean v1 = FORMAT_V1.equals(format);
        if (!v1 && !FORMAT.equals(format)) {
            throw new WeightsFileException(file, "not a Live Digits weights file (format '" + format + "', expected '" + FORMAT + "')");
        }
        if (version != (v1 ? 1 : FORMAT_VERSION)) {
            throw new WeightsFileException(file, "unsupported formatVersion " + version + " of " + format
                    + " (this build reads " + FORMAT_V1 + " 1 and " + FORMAT + " " + FORMAT_VERSION + ")");
        }
        String expectedDocSha = doc.path(DOCUMENT_SHA).asText("");
        ObjectNode unsigned = doc.deepCopy();
        unsigned.remove(DOCUMENT_SHA);
        String actualDocSha = documentSha(unsigned);
        if (!actualDocSha.equals(expectedDocSha)) {
            throw new WeightsFileException(file, "checksum mismatch: document content hashes to " + actualDocSha
                    + " but the file says " + (expectedDocSha.isEmpty() ? "(none)" : expectedDocSha) + "; the file is corrupt or was edited");
        }
        Architecture architecture;
        try {
            architecture = v1
                    ? Architecture.mlp(intArray(file, doc.path("layers"), "layers"))
                    : Architecture.parse(INPUT, doc.path("architecture").asText(""));
        } catch (IllegalArgumentException e) {
            throw new WeightsFileException(file, "bad architecture: " + e.getMessage());
        }
        if (architecture.inputSize() != INPUT.size() || architecture.outputSize() != CLASSES) {
            throw new WeightsFileException(file, "network " + architecture + " does not map " + INPUT.size() + " pixels to " + CLASSES + " digits");
        }
        JsonNode perLayer = doc.path("parameters").path("layers");
        if (!perLayer.isArray() || perLayer.size() != architecture.layerCount()) {
            throw new WeightsFileException(file, "parameters list " + perLayer.size() + " layers, but " + architecture + " has " + architecture.layerCount());
        }
        float[] params = new float[architecture.parameterCount()];
        for (int l = 0; l < architecture.layerCount(); l++) {
            JsonNode layer = perLayer.get(l);
            int w = architecture.weightOffset(l);
            if (w < 0) continue;
            int b = architecture.biasOffset(l);
            if (v1 && (layer.path("in").asInt() != architecture.in(l).size() || layer.path("out").asInt() != architecture.out(l).size())) {
                throw new WeightsFileException(file, "layer " + l + " is " + layer.path("in").asInt() + "x" + layer.path("out").asInt()
                        + " but layers say " + architecture.in(l).size() + "x" + architecture.out(l).size());
            }
            decode(file, layer.path("weights").asText(""), params, w, b - w, "layer " + l + " weights");
            decode(file, layer.path("bias").asText(""), params, b, architecture.out(l).channels(), "layer " + l + " bias");
        }
        String expected = doc.path("parametersSha256").asText("");
        String actual = sha256Hex(floatBytes(params));
        if (!actual.equals(expected)) {
            throw new WeightsFileException(file, "checksum mismatch: parameters hash to " + actual + " but the file says " + expected);
        }
        Network network;
        try {
            network = Network.of(architecture, params);
        } catch (IllegalArgumentException e) {
            throw new WeightsFileException(file, e.getMessage());
        }
        double accuracy = doc.path("testAccuracy").asDouble(Double.NaN);
        if (!(accuracy >= 0 && accuracy <= 1)) throw new WeightsFileException(file, "testAccuracy missing or outside 0..1");
        @SuppressWarnings("unchecked")
        Map<String, Object> training = doc.path("training").isObject()
                ? JSON.convertValue(doc.get("training"), LinkedHashMap.class)
                : Map.of();
        ModelInfo info;
        try {
            info = new ModelInfo(doc.path("id").asText(""), accuracy, Instant.parse(doc.path("trainedAt").asText("")),
                    doc.path("seed").asLong(), training);
        } catch (DateTimeParseException e) {
            throw new WeightsFileException(file, "trainedAt is not an ISO-8601 instant: " + doc.path("trainedAt"));
        }
        return new SavedModel(network, info);
    }

    private static int[] intArray(Path file, JsonNode node, String field) throws WeightsFileException {
        if (!node.isArray() || node.isEmpty()) throw new WeightsFileException(file, field + " missing or not an array");
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).canConvertToInt()) throw new WeightsFileException(file, field + "[" + i + "] is not an integer");
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    private static String encode(float[] values, int offset, int count) {
        ByteBuffer buf = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values, offset, count);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    private static void decode(Path file, String text, float[] into, int offset, int count, String what) throws WeightsFileException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new WeightsFileException(file, what + " are not valid base64");
        }
        if (bytes.length != count * 4) {
            throw new WeightsFileException(file, what + " hold " + bytes.length / 4 + " floats, the shape needs " + count);
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, offset, count);
    }

    private static byte[] floatBytes(float[] params) {
        ByteBuffer buf = ByteBuffer.allocate(params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(params);
        return buf.array();
    }

    static String documentSha(ObjectNode docWithoutSha) {
        try {
            return sha256Hex(JSON.writeValueAsString(docWithoutSha).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a tree we built", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
