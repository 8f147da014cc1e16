package dev.livedigits.server;

import dev.livedigits.data.SampleStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Labels go to the durable {@link SampleStore}; the fsync runs as blocking work, off the event loop. */
public final class StoredLabels implements LabelSink {
    private final Vertx vertx;
    private final SampleStore store;

    StoredLabels(Vertx vertx, SampleStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    @Override
    public Future<Long> store(byte[] normalizedInput, int digit) {
        return vertx.executeBlocking(() -> (long) store.append(normalizedInput, digit).countForDigit());
    }
}
