package dev.livedigits.server.live;

import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.ServerMetrics;

import dev.livedigits.data.Normalizer;
import dev.livedigits.nn.ForwardPass;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Softmax;

import java.util.Base64;

/**
 * Frame in, reply text out: normalize, run the active model, write the prediction JSON.
 * One per inference worker (it owns scratch buffers and is not thread-safe). The model snapshot is
 * read once per frame, so every number in a reply comes from the version the reply names.
 * The only allocation per frame is the reply string (and the base64 input when asked for).
 */
public final class Predictor {
    private final ModelRegistry registry;
    private final ServerMetrics metrics;
    private final Normalizer normalizer = new Normalizer();
    private final ForwardPass pass = new ForwardPass();
    private final byte[] input = new byte[Normalizer.OUT_SIZE];
    private final StringBuilder json = new StringBuilder(512);

    public Predictor(ModelRegistry registry, ServerMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    public String predict(Frame frame) {
        SavedModel model = registry.current();
        long began = System.nanoTime();
        boolean ink = normalizer.toMnist(frame.pixels(), 0, frame.side(), input, 0);
        float[] probabilities = ink ? pass.run(model.network(), input, 0) : null;
        long nanos = System.nanoTime() - began;
        metrics.inference(nanos, !ink);

        StringBuilder sb = json;
        sb.setLength(0);
        sb.append("{\"type\":\"prediction\"");
        if (frame.seq() > 0) sb.append(",\"seq\":").append(frame.seq());
        if (ink) {
            int digit = Softmax.argmax(probabilities, 10);
            sb.append(",\"empty\":false,\"digit\":").append(digit)
                    .append(",\"confidence\":").append(probabilities[digit])
                    .append(",\"probabilities\":[");
            for (int j = 0; j < 10; j++) {
                if (j > 0) sb.append(',');
                sb.append(probabilities[j]);
            }
            sb.append(']');
        } else {
            sb.append(",\"empty\":true");
        }
        sb.append(",\"model\":\"").append(model.id()).append('"');
        sb.append(",\"inferenceMicros\":").append(nanos / 1000);
        if (frame.wantInput()) {
            sb.append(",\"input\":\"").append(Base64.getEncoder().encodeToString(input)).append('"');
        }
        return sb.append('}').toString();
    }
}
