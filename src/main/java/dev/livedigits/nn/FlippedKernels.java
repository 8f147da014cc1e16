package dev.livedigits.nn;

/**
 * Every convolution's kernel flipped in space with its channel axes swapped: the kernel of the
 * convolution that carries a layer's output gradient back to its input. Rebuilt lazily after
 * {@link #weightsChanged()} (once per mini-batch), and shared by the backward passes of one thread.
 */
final class FlippedKernels {
    private Architecture architecture;
    private float[][] flipped;
    private Network from;
    private boolean stale = true;

    /** The parameters changed in place (an optimizer step): the copy must be rebuilt before its next use. */
    void weightsChanged() {
        stale = true;
    }

    /** Layer {@code l}'s flipped kernel for {@code network}, rebuilding all of them when stale. */
    float[] layer(Network network, int l) {
        // A network's architecture never changes, so the same network and no step since means the same copy.
        if (stale || from != network) rebuild(network);
        return flipped[l];
    }

    /** {@code flipped[((a*k + b)*cout + co)*cin + ci] = w[(((k-1-a)*k + (k-1-b))*cin + ci)*cout + co]}. */
    private void rebuild(Network network) {
        Architecture next = network.architecture();
        if (!next.equals(architecture)) {
            flipped = new float[next.layerCount()][];
            for (int l = 1; l < next.layerCount(); l++) {
                if (next.layer(l) instanceof LayerSpec.Conv conv) {
                    flipped[l] = new float[conv.kernel() * conv.kernel() * next.in(l).channels() * conv.channels() + Kernels.PAD];
                }
            }
            architecture = next;
        }
        float[] p = network.paddedParameters();
        for (int l = 1; l < architecture.layerCount(); l++) {
            if (!(architecture.layer(l) instanceof LayerSpec.Conv conv)) continue;
            int k = conv.kernel();
            int cin = architecture.in(l).channels();
            int cout = conv.channels();
            int wOff = architecture.weightOffset(l);
            float[] f = flipped[l];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    int src = wOff + ((k - 1 - a) * k + (k - 1 - b)) * cin * cout;
                    int dst = (a * k + b) * cout * cin;
                    for (int ci = 0; ci < cin; ci++) {
                        for (int co = 0; co < cout; co++) f[dst + co * cin + ci] = p[src + ci * cout + co];
                    }
                }
            }
        }
        from = network;
        stale = false;
    }
}
