package dev.livedigits.server;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per HTTP request, when its response ends: method, path, status, bytes, milliseconds and
 * remote address, as the sentence in text logs and as fields of their own in JSON logs. A WebSocket
 * ({@code /ws}) writes no line, neither for its upgrade (that response never ends as an HTTP one) nor
 * for its frames: {@code livedigits_open_connections} and Vert.x's WebSocket meters count them.
 * Ours rather than vertx-web's {@code LoggerHandler} for two reasons: a logger name of our own
 * ({@value #LOGGER}, switched with {@code LOG_LEVEL=…,dev.livedigits.access=off}) and the fields as
 * key-value pairs instead of one preformatted string.
 */
public final class AccessLog implements PlatformHandler {
    public static final String LOGGER = "dev.livedigits.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void handle(RoutingContext ctx) {
        if (LOG.isInfoEnabled()) {
            long start = System.nanoTime();
            ctx.addEndHandler(ar -> log(ctx, start));
        }
        ctx.next();
    }

    private static void log(RoutingContext ctx, long start) {
        HttpServerRequest request = ctx.request();
        String method = request.method().name();
        String path = request.path();
        int status = ctx.response().getStatusCode();
        long bytes = ctx.response().bytesWritten();
        double ms = Math.round((System.nanoTime() - start) / 1e3) / 1e3;
        SocketAddress remote = request.remoteAddress();
        String from = remote == null ? "-" : remote.hostAddress();
        LOG.atInfo().addKeyValue("method", method).addKeyValue("path", path).addKeyValue("status", status)
                .addKeyValue("bytes", bytes).addKeyValue("ms", ms).addKeyValue("remote", from)
                .log("{} {} {} {} B {} ms {}", method, path, status, bytes, ms, from);
    }
}
