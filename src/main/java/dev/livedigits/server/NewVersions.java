package dev.livedigits.server;

import io.vertx.core.Future;

/**
 * Told when a job has saved a new version in this node's weights directory. Alone, nothing more is
 * needed; in a cluster the version is copied to every node before anyone is asked to serve it, so an
 * activation never waits for a download. Called on a Vert.x context.
 */
public interface NewVersions {
    NewVersions LOCAL = id -> Future.succeededFuture();

    /** Completes when every node that should hold {@code id} holds a verified copy (or failed to get one). */
    Future<Void> saved(String id);
}
