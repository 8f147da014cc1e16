package dev.livedigits.server;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body up to a limit, whatever its content type, into {@code ctx.put("body")}.
 * (Vert.x's BodyHandler would try to decode a {@code curl -d} body as a form and fail with a stack
 * trace; our API only takes JSON, so the body is read as bytes and parsed by us.) A body over the
 * limit is answered with 413 and a message as soon as it crosses the limit.
 */
final class BoundedBody implements Handler<RoutingContext> {
    static final String KEY = "body";

    private final int limit;

    BoundedBody(int limit) {
        this.limit = limit;
    }

    static String of(RoutingContext ctx) {
        Buffer b = ctx.get(KEY);
        return b == null ? "" : b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String declared = request.getHeader("content-length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    tooLarge(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                ctx.response().setStatusCode(400).end(Json.error("bad_request", "content-length is not a number", 0));
                return;
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] failed = new boolean[1];
        request.handler(chunk -> {
            if (failed[0]) return;
            if (body.length() + chunk.length() > limit) {
                failed[0] = true;
                tooLarge(ctx);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (failed[0]) return;
            ctx.put(KEY, body);
            ctx.next();
        });
    }

    private void tooLarge(RoutingContext ctx) {
        ctx.response().setStatusCode(413).putHeader("content-type", "application/json")
                .putHeader("connection", "close")
                .end(Json.error(ProtocolError.MESSAGE_TOO_LARGE, "request body over " + limit + " bytes", 0));
    }
}
