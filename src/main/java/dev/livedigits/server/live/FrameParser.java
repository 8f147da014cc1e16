package dev.livedigits.server.live;

import dev.livedigits.server.ServerConfig;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.livedigits.data.Normalizer;

import java.io.IOException;

/**
 * Parses the JSON messages of contract §1 with a streaming parser: pixels go straight from tokens
 * into a float array, with no tree and no boxing, and every violation becomes a {@link ProtocolError}
 * with its code and a message that names the fact (which pixel, which value, which count).
 */
public final class FrameParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // NaN and Infinity parse as numbers so they can be refused as bad values, not as bad JSON.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final int MAX_PIXELS = Normalizer.MAX_SIDE * Normalizer.MAX_SIDE;

    private FrameParser() {}

    public static ClientMessage parse(String text) throws ProtocolError {
        if (text.length() > ServerConfig.MAX_TEXT_BYTES) {
            throw new ProtocolError(ProtocolError.MESSAGE_TOO_LARGE, "message has " + text.length()
                    + " characters; the limit is " + ServerConfig.MAX_TEXT_BYTES + " (send large frames as binary)");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            return parse(p);
        } catch (StreamReadException e) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "unreadable JSON: " + e.getMessage());
        }
    }

    private static ClientMessage parse(JsonParser p) throws IOException, ProtocolError {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "message must be a JSON object");
        }
        String type = null;
        Integer size = null;
        float[] pixels = null;
        int count = -1;
        Object digit = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "type" -> {
                    if (value != JsonToken.VALUE_STRING) throw new ProtocolError(ProtocolError.UNKNOWN_TYPE, "type must be a string");
                    type = p.getText();
                }
                case "size" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT) throw new ProtocolError(ProtocolError.BAD_SIZE, "size must be an integer in 28..512");
                    long s = p.getLongValue();
                    if (s < Normalizer.MIN_SIDE || s > Normalizer.MAX_SIDE) {
                        throw new ProtocolError(ProtocolError.BAD_SIZE, "size " + s + " outside 28..512");
                    }
                    size = (int) s;
                }
                case "pixels" -> {
                    if (value != JsonToken.START_ARRAY) throw new ProtocolError(ProtocolError.BAD_PIXEL_VALUE, "pixels must be an array of numbers in 0..1");
                    pixels = new float[1024];
                    count = 0;
                    JsonToken t;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                            throw new ProtocolError(ProtocolError.BAD_PIXEL_VALUE, "pixel " + count + " is not a number: " + describe(p, t));
                        }
                        double v = p.getDoubleValue();
                        if (!(v >= 0.0 && v <= 1.0)) {
                            throw new ProtocolError(ProtocolError.BAD_PIXEL_VALUE, "pixel " + count + " is " + p.getText() + ": outside 0..1");
                        }
                        if (count == MAX_PIXELS) {
                            throw new ProtocolError(ProtocolError.BAD_PIXEL_COUNT, "more than " + MAX_PIXELS + " pixels (512 x 512 is the largest frame)");
                        }
                        if (count == pixels.length) pixels = java.util.Arrays.copyOf(pixels, pixels.length * 2);
                        pixels[count++] = (float) v;
                    }
                }
                case "digit" -> digit = value == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : describe(p, value);
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new ProtocolError(ProtocolError.BAD_JSON, "trailing content after the JSON object");
        }

        if ("label".equals(type)) {
            if (!(digit instanceof Long d) || d < 0 || d > 9) {
                throw new ProtocolError(ProtocolError.BAD_LABEL, "label needs \"digit\": an integer 0..9, got " + (digit == null ? "nothing" : digit));
            }
            return new ClientMessage.LabelMessage((int) (long) d);
        }
        if (type != null && !type.equals("frame")) {
            throw new ProtocolError(ProtocolError.UNKNOWN_TYPE, "unknown message type '" + type + "' (frame or label)");
        }
        if (pixels == null) {
            if (type == null) throw new ProtocolError(ProtocolError.UNKNOWN_TYPE, "message has neither a type nor pixels");
            throw new ProtocolError(ProtocolError.BAD_PIXEL_COUNT, "frame has no pixels");
        }
        int side = size == null ? Normalizer.MIN_SIDE : size;
        if (count != side * side) {
            throw new ProtocolError(ProtocolError.BAD_PIXEL_COUNT, "frame of size " + side + " needs " + side * side + " pixels, got " + count);
        }
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) bytes[i] = (byte) Math.round(pixels[i] * 255f);
        return new ClientMessage.FrameMessage(bytes, side);
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> "\"" + abbreviate(p.getText()) + "\"";
            case START_ARRAY, START_OBJECT -> {
                p.skipChildren();
                yield t == JsonToken.START_ARRAY ? "an array" : "an object";
            }
            default -> abbreviate(p.getText());
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}
