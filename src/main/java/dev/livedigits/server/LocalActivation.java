package dev.livedigits.server;

import dev.livedigits.model.SavedModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A node on its own: verify the version, record it in ACTIVE and swap (the disk work off the event loop). */
public final class LocalActivation implements ModelActivation {
    private final Vertx vertx;
    private final ModelRegistry registry;

    public LocalActivation(Vertx vertx, ModelRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    @Override
    public Future<SavedModel> activate(String versionId) {
        return vertx.executeBlocking(() -> registry.activate(versionId));
    }
}
