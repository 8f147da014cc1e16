package dev.livedigits.server;

/** The few bits of JSON writing the hot path needs, without building trees. */
public final class Json {
    private Json() {}

    /** Appends {@code s} as a JSON string literal. */
    public static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    /** {@code {"type":"error","code":…,"message":…[,"seq":n]}}; {@code seq ≤ 0} leaves it out. */
    public static String error(String code, String message, long seq) {
        StringBuilder sb = new StringBuilder(96 + message.length());
        sb.append("{\"type\":\"error\",\"code\":");
        quote(sb, code).append(",\"message\":");
        quote(sb, message);
        if (seq > 0) sb.append(",\"seq\":").append(seq);
        return sb.append('}').toString();
    }
}
