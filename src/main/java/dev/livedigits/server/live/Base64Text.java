package dev.livedigits.server.live;

import java.util.Base64;

/**
 * Appends the base64 of a byte array to a reply being written, without garbage: the JDK's encoder
 * (an intrinsic) writes into a reused byte buffer, which is widened into a reused char buffer and
 * appended in one call ({@code encodeToString} would make a byte array and a String per call, 13 KB
 * of garbage per frame for a reply with activations). Not thread-safe: one per {@link Predictor}.
 */
final class Base64Text {
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private byte[] encoded = new byte[0];
    private char[] chars = new char[0];

    /** Appends base64 of all of {@code data} (with padding, no line breaks) to {@code out}. */
    StringBuilder append(StringBuilder out, byte[] data) {
        int length = 4 * ((data.length + 2) / 3);
        if (encoded.length < length) {
            // Grows to the largest layer once per architecture, then never again.
            encoded = new byte[length];
            chars = new char[length];
        }
        int n = ENCODER.encode(data, encoded);
        for (int i = 0; i < n; i++) chars[i] = (char) encoded[i];
        return out.append(chars, 0, n);
    }
}
