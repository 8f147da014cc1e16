package dev.livedigits.server;

import dev.livedigits.model.SavedModel;
import io.vertx.core.Future;

/**
 * The one way a version becomes the served model (the validation gate, {@code force}, and
 * {@code POST /admin/models/<id>/activate} all come here). Alone, it swaps this node; in a cluster,
 * every node. Called on a Vert.x context; the future completes once this node serves the version.
 */
public interface ModelActivation {
    Future<SavedModel> activate(String versionId);
}
