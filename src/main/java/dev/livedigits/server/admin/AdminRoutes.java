package dev.livedigits.server.admin;

import io.vertx.ext.web.Router;

/** The authenticated admin API (contract §3), mounted on the HTTP verticle's router. */
public interface AdminRoutes {
    void mount(Router router);
}
