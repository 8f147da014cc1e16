package dev.livedigits.server.live;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A reply with base64 payloads, written as ASCII bytes into a reused buffer and made into its String
 * once at the end (one copy, the only allocation). Why not a StringBuilder: on Java 17 appending a
 * {@code char[]} to one is a loop of a check and a store per character, and 7 KB of activations cost
 * more that way (~5 µs) than quantizing them; {@code new String(bytes, ISO_8859_1)} is one array copy.
 * Not thread-safe: one per {@link Predictor}.
 */
final class AsciiReply {
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private byte[] bytes = new byte[1024];
    private byte[] encoded = new byte[0];
    private int length;

    /** Starts a reply with {@code head} (ASCII, as the JSON the predictor writes is). */
    AsciiReply start(CharSequence head) {
        length = 0;
        return append(head);
    }

    /** Appends ASCII text: each char's low byte. */
    AsciiReply append(CharSequence text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) bytes[length + i] = (byte) text.charAt(i);
        length += n;
        return this;
    }

    /** Appends a non-negative integer in decimal (a shape's side, a window size). */
    AsciiReply append(int value) {
        ensure(10);
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) digits++;
        for (int i = length + digits - 1; i >= length; i--, value /= 10) bytes[i] = (byte) ('0' + value % 10);
        length += digits;
        return this;
    }

    /** Appends base64 of all of {@code data} (with padding, no line breaks). */
    AsciiReply base64(byte[] data) {
        int n = 4 * ((data.length + 2) / 3);
        ensure(n);
        // The JDK's encoder (an intrinsic) writes from the start of an array: into a scratch one, then one copy.
        if (encoded.length < n) encoded = new byte[n];
        ENCODER.encode(data, encoded);
        System.arraycopy(encoded, 0, bytes, length, n);
        length += n;
        return this;
    }

    /** The reply written so far. */
    String text() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Grows to the largest reply once per architecture, then never again. */
    private void ensure(int more) {
        if (length + more > bytes.length) bytes = java.util.Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
    }
}
