package dev.livedigits.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.XFrameHandler;

/**
 * The response headers every browser-facing answer carries, and the static files' caching.
 *
 * <p>The pages load their scripts and styles from files only (no inline script, no style attribute),
 * so the policy can be {@code 'self'} throughout. {@code connect-src 'self'} covers the page's own
 * {@code ws://}/{@code wss://} to the same host (CSP level 3 matches WebSocket schemes to the page's
 * scheme); {@code img-src data:} is the empty favicon ({@code <link rel="icon" href="data:,">}) that
 * stops a request for {@code /favicon.ico}. No HSTS: the server speaks plain HTTP (TLS ends at a proxy
 * in front of it, which is the place to add HSTS), and browsers ignore the header over HTTP anyway.
 */
public final class WebHardening {
    private WebHardening() {
    }

    /** Security headers on every response of {@code router} from here on, and no caching of anything under /admin. */
    public static void mount(Router router) {
        // setDirective for default-src: CSPHandler starts with default-src 'self', and adding would list 'self' twice.
        router.route().handler(CSPHandler.create()
                .setDirective("default-src", "'self'")
                .addDirective("script-src", "'self'")
                .addDirective("style-src", "'self'")
                .addDirective("img-src", "'self' data:")
                .addDirective("connect-src", "'self'")
                .addDirective("object-src", "'none'")
                .addDirective("base-uri", "'none'")
                .addDirective("form-action", "'self'")
                .addDirective("frame-ancestors", "'none'"));
        // For browsers without frame-ancestors; the two agree.
        router.route().handler(XFrameHandler.create(XFrameHandler.DENY));
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        });
        // The admin page and API answer with tokens' consequences (jobs, versions, sample counts): no
        // browser or proxy keeps a copy, whatever the status (a 401 included).
        router.route().pathRegex("^/admin.*").handler(noStore());
    }

    private static Handler<RoutingContext> noStore() {
        return ctx -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            ctx.next();
        };
    }

    /**
     * The page's files with Last-Modified, answered 304 when unchanged. Every file is revalidated
     * ({@code no-cache}): the pages name their scripts without a version in the URL, so a script kept
     * for a while after a deploy could meet a newer page; a revalidation costs one small 304.
     * (StaticHandler sets its own long max-age only when no Cache-Control is there yet.)
     */
    public static Handler<RoutingContext> staticFiles() {
        StaticHandler files = StaticHandler.create("webroot").setCachingEnabled(true);
        return ctx -> {
            if (!ctx.response().headers().contains("Cache-Control")) ctx.response().putHeader("Cache-Control", "no-cache");
            files.handle(ctx);
        };
    }
}
