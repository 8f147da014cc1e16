package dev.livedigits.server.live;

import dev.livedigits.server.Addresses;
import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.ServerMetrics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A worker verticle (deployed with {@code ThreadingModel.WORKER}, one instance per core): takes
 * frames from the event bus, runs the normalizer and the forward pass, replies with the JSON text.
 * Vert.x runs one event at a time per instance, so each instance owns one {@link Predictor}.
 */
public final class InferenceVerticle extends VerticleBase {
    private final ModelRegistry registry;
    private final ServerMetrics metrics;
    private MessageConsumer<Frame> consumer;

    public InferenceVerticle(ModelRegistry registry, ServerMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        Predictor predictor = new Predictor(registry, metrics);
        consumer = vertx.eventBus().localConsumer(Addresses.PREDICT, message -> message.reply(predictor.predict(message.body())));
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer.unregister();
    }
}
