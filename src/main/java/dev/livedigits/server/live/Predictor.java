package dev.livedigits.server.live;

import dev.livedigits.server.ModelRegistry;
import dev.livedigits.server.ServerMetrics;

import dev.livedigits.data.Normalizer;
import dev.livedigits.nn.ActivationSnapshot;
import dev.livedigits.nn.ForwardPass;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Shape;
import dev.livedigits.nn.Softmax;

import java.util.List;
import java.util.function.Supplier;

/**
 * Frame in, reply text out: normalize, run the active model, write the prediction JSON.
 * One per inference worker (it owns scratch buffers and is not thread-safe). The model snapshot is
 * read once per frame, so every number in a reply comes from the version the reply names.
 * The only allocation per frame is the reply string: the input and the activations, when asked for,
 * are quantized and base64-encoded in buffers this predictor keeps.
 */
public final class Predictor {
    private final Supplier<SavedModel> model;
    private final ServerMetrics metrics;
    private final Normalizer normalizer = new Normalizer();
    private final ForwardPass pass = new ForwardPass();
    private final byte[] input = new byte[Normalizer.OUT_SIZE];
    private final ActivationSnapshot activations = new ActivationSnapshot();
    private final AsciiReply reply = new AsciiReply();
    private final StringBuilder json = new StringBuilder(512);

    public Predictor(ModelRegistry registry, ServerMetrics metrics) {
        this(registry::current, metrics);
    }

    /** Answers with whatever {@code model} yields at each frame (a benchmark's fixed model). */
    public Predictor(Supplier<SavedModel> model, ServerMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
    }

    public String predict(Frame frame) {
        SavedModel model = this.model.get();
        long began = System.nanoTime();
        boolean ink = normalizer.toMnist(frame.pixels(), frame.offset(), frame.side(), input, 0);
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
        // An empty frame was not run: there is nothing of this frame to show.
        boolean showActivations = frame.wantActivations() && ink;
        if (!frame.wantInput() && !showActivations) return sb.append('}').toString();

        AsciiReply out = reply.start(sb);
        if (frame.wantInput()) out.append(",\"input\":\"").base64(input).append("\"");
        if (showActivations) appendActivations(out, sb);
        return out.append("}").text();
    }

    /**
     * {@code ,"activations":[{"name":"conv1","shape":[16,14,14],"pooled":2,"max":3.71,"data":"<base64>"},…]}:
     * the layers {@link ActivationSnapshot} shows, in network order ({@code shape} is {@code [c,h,w]} for a
     * convolution, {@code [n]} for a dense layer; {@code max} is the value byte 255 stands for).
     * {@code scratch} formats the floats (the shortest decimal that reads back the same, as for the probabilities).
     */
    private void appendActivations(AsciiReply out, StringBuilder scratch) {
        activations.capture(pass);
        List<ActivationSnapshot.Layer> layers = activations.layers();
        out.append(",\"activations\":[");
        for (int i = 0; i < layers.size(); i++) {
            ActivationSnapshot.Layer layer = layers.get(i);
            Shape shape = layer.shape();
            out.append(i > 0 ? ",{\"name\":\"" : "{\"name\":\"").append(layer.name()).append("\",\"shape\":[");
            if (layer.isConv()) out.append(shape.channels()).append(",").append(shape.height()).append(",").append(shape.width());
            else out.append(shape.size());
            scratch.setLength(0);
            out.append("],\"pooled\":").append(layer.pooled()).append(",\"max\":").append(scratch.append(activations.max(i)))
                    .append(",\"data\":\"").base64(activations.bytes(i)).append("\"}");
        }
        out.append("]");
    }
}
