package dev.livedigits.server.live;

import dev.livedigits.server.Json;

/**
 * A client mistake, answered with {@code {"type":"error","code":…,"message":…}} (and a 400 on the
 * HTTP API) while the connection stays open. The codes are part of the protocol.
 */
public final class ProtocolError extends Exception {
    public static final String BAD_FRAME_SIZE = "bad_frame_size";
    public static final String BAD_JSON = "bad_json";
    public static final String BAD_PIXEL_COUNT = "bad_pixel_count";
    public static final String BAD_PIXEL_VALUE = "bad_pixel_value";
    public static final String BAD_SIZE = "bad_size";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String MESSAGE_TOO_LARGE = "message_too_large";
    public static final String BAD_LABEL = "bad_label";
    public static final String NO_FRAME = "no_frame";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String OVERLOADED = "overloaded";
    /** At the upgrade, answered 429: the node or the client address has its maximum of open WebSockets. */
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    public static final String INTERNAL = "internal";

    private final String code;

    public ProtocolError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String toJson(long seq) {
        return Json.error(code, getMessage(), seq);
    }
}
