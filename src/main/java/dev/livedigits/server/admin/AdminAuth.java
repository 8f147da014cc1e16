package dev.livedigits.server.admin;

import dev.livedigits.server.Json;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authorization: Bearer <ADMIN_TOKEN>} on every admin route. Tokens are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, which takes the same time whatever the content, and
 * hashing first hides the length too. Without a configured token a random one is made and logged once.
 */
public final class AdminAuth implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);

    private final byte[] expected;

    private AdminAuth(String token) {
        this.expected = sha256(token);
    }

    public static AdminAuth forToken(String configured) {
        String token = configured;
        if (token == null || token.isBlank()) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            LOG.info("ADMIN_TOKEN is not set; generated one for this run: " + token);
        }
        return new AdminAuth(token);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (presented == null || !MessageDigest.isEqual(sha256(presented), expected)) {
            ctx.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer realm=\"live-digits admin\"")
                    .putHeader("content-type", "application/json")
                    .end(Json.error("unauthorized", presented == null
                            ? "admin routes need the header Authorization: Bearer <ADMIN_TOKEN>"
                            : "the admin token is not valid", 0));
            return;
        }
        ctx.next();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
