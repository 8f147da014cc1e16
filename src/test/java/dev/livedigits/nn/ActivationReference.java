package dev.livedigits.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ?activations=1} should show, worked out the slow and obvious way from a forward pass's
 * full-resolution outputs: each convolution's map max-pooled 2×2 here (never the network's own pool
 * layer), the dense layer before the output clamped at 0, each scaled to 0..255 in double precision
 * and laid out channel-major. The tests compare {@link ActivationSnapshot} and the server's replies to it.
 */
public final class ActivationReference {
    /** One shown layer: its name, {@code [c,h,w]} or {@code [n]}, the bytes as 0..255, and the layer's maximum. */
    public record View(String name, int[] shape, int[] bytes, double max) {}

    private ActivationReference() {}

    /** The views for {@code network} run on the normalized 28×28 {@code image}. */
    public static List<View> of(Network network, byte[] image) {
        ForwardPass pass = new ForwardPass();
        pass.run(network, image, 0);
        Architecture a = network.architecture();
        List<View> views = new ArrayList<>();
        int convs = 0;
        int denses = 0;
        for (int l = 0; l < a.layerCount() - 1; l++) {
            float[] out = pass.layerOutput(l);
            Shape s = a.out(l);
            if (a.layer(l) instanceof LayerSpec.Conv) {
                convs++;
                int h = s.height() / 2;
                int w = s.width() / 2;
                int c = s.channels();
                double[] pooled = new double[c * h * w];
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            double m = 0;
                            for (int dy = 0; dy < 2; dy++) {
                                for (int dx = 0; dx < 2; dx++) m = Math.max(m, out[((2 * y + dy) * s.width() + 2 * x + dx) * c + ch]);
                            }
                            pooled[(ch * h + y) * w + x] = m;
                        }
                    }
                }
                views.add(scaled("conv" + convs, new int[] {c, h, w}, pooled));
            } else if (a.layer(l) instanceof LayerSpec.Dense) {
                denses++;
                if (l != a.layerCount() - 2) continue;
                double[] units = new double[s.size()];
                for (int j = 0; j < units.length; j++) units[j] = Math.max(0, out[j]);
                views.add(scaled("dense" + denses, new int[] {s.size()}, units));
            }
        }
        return views;
    }

    private static View scaled(String name, int[] shape, double[] values) {
        double max = 0;
        for (double v : values) max = Math.max(max, v);
        int[] bytes = new int[values.length];
        for (int i = 0; i < values.length; i++) bytes[i] = max == 0 ? 0 : (int) Math.round(values[i] * 255 / max);
        return new View(name, shape, bytes, max);
    }
}
