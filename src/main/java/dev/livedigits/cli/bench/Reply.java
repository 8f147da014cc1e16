package dev.livedigits.cli.bench;

/**
 * Reads the two fields the benchmark needs from a server reply without building a JSON tree:
 * every reply passes through here on the event loop, and a tree per message would cost more than
 * the echo server's whole answer.
 *
 * <p>Tolerates white space around the colon; does not unescape (the fields it reads are a bare
 * number and a plain word).
 */
final class Reply {
    enum Kind { PREDICTION, ERROR, OTHER }

    private static final String TYPE_KEY = "\"type\"";
    private static final String SEQ_KEY = "\"seq\"";
    private static final String PREDICTION = "prediction\"";
    private static final String ERROR = "error\"";

    private Reply() {}

    static Kind kind(String json) {
        int at = valueStart(json, TYPE_KEY);
        if (at < 0 || at >= json.length() || json.charAt(at) != '"') {
            return Kind.OTHER;
        }
        if (json.startsWith(PREDICTION, at + 1)) {
            return Kind.PREDICTION;
        }
        if (json.startsWith(ERROR, at + 1)) {
            return Kind.ERROR;
        }
        return Kind.OTHER;
    }

    /** The {@code seq} number, or -1 if the reply carries none (or not a plain non-negative integer). */
    static long seq(String json) {
        int at = valueStart(json, SEQ_KEY);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int i = at; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            if (++digits > 18) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return digits == 0 ? -1 : value;
    }

    /** Index of the first character of {@code key}'s value, or -1 if the key is absent. */
    private static int valueStart(String json, String key) {
        int at = json.indexOf(key);
        if (at < 0) {
            return -1;
        }
        at = skipSpaces(json, at + key.length());
        if (at >= json.length() || json.charAt(at) != ':') {
            return -1;
        }
        return skipSpaces(json, at + 1);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
