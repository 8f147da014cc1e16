package dev.livedigits.nn;

/**
 * Forward and backward over a slice of a mini-batch: the unit of work one training thread gets.
 *
 * <p>Convolutions and pools run sample after sample, so each sample's feature maps stay in cache
 * between layers (their kernels are small and stay in cache anyway). The dense layers at the top run
 * across the slice, in blocks of weight rows: a block of the weights and of their gradient (16 KB
 * each) is loaded once and used by every sample of the slice before the next block, where one
 * sample at a time would stream the whole matrix and its gradient (800 KB each for the shipped CNN's
 * first dense layer) through the cache per sample. How many samples a slice should hold is a
 * trade between the two: see {@link Trainer#MAX_SLICE}.
 *
 * <p>Every sum is taken in the same order as one sample at a time — samples in slice order, inputs
 * in index order — so the gradient is bit-identical to adding up the samples' {@link BackwardPass}es.
 * Preallocated for {@code capacity} samples; no allocation per slice.
 */
final class BatchSlice {
    /** Bytes of one block of a dense layer's weight rows (and as much again of its gradient). */
    private static final int BLOCK_BYTES = 16 * 1024;

    private final ForwardPass[] forward;
    private final BackwardPass[] backward;
    private final FlippedKernels flipped = new FlippedKernels();
    /** Per sample, or null without dropout. */
    private final Dropout[] dropout;
    private final long seed;
    private final float smoothing;
    /** Per sample: how far through its sparse input list the row blocks have got. */
    private final int[] cursor;
    private double lossSum;
    private long correct;

    /**
     * @param seed      seeds dropout, with the epoch and the sample's index
     * @param dropout   rate on the input of every dense layer after the first (0 = none)
     * @param smoothing label smoothing of the loss's target (0 = none)
     */
    BatchSlice(int capacity, long seed, float dropout, float smoothing) {
        forward = new ForwardPass[capacity];
        backward = new BackwardPass[capacity];
        this.dropout = dropout > 0f ? new Dropout[capacity] : null;
        for (int s = 0; s < capacity; s++) {
            forward[s] = new ForwardPass();
            backward[s] = new BackwardPass(forward[s], flipped);
            if (this.dropout != null) this.dropout[s] = new Dropout(dropout);
        }
        this.seed = seed;
        this.smoothing = smoothing;
        cursor = new int[capacity];
    }

    int capacity() {
        return forward.length;
    }

    /** The parameters changed in place (an optimizer step). */
    void weightsChanged() {
        flipped.weightsChanged();
    }

    /**
     * Trains on {@code count} samples: image {@code s} at {@code images[s * imageSize]} with label
     * {@code labels[s]}, its index in the training set {@code ids[s]} (for dropout), seen in
     * {@code epoch}. Adds the slice's summed gradient to {@code grad} and its loss and hits to the totals.
     */
    void train(Network network, byte[] images, int[] labels, int[] ids, int count, int epoch, float[] grad) {
        if (count < 1 || count > capacity()) throw new IllegalArgumentException("slice of " + count + " samples, capacity " + capacity());
        Architecture architecture = network.architecture();
        float[] p = network.paddedParameters();
        int top = architecture.layerCount() - 1;
        int tail = denseTail(architecture);
        int imageSize = architecture.inputSize();

        for (int s = 0; s < count; s++) {
            Dropout d = dropout != null ? dropout[s] : null;
            if (d != null) d.reseed(seed, epoch, ids[s]);
            forward[s].begin(network, images, s * imageSize, d);
            for (int l = 0; l < tail; l++) forward[s].forwardLayer(p, l);
        }
        for (int l = tail; l <= top; l++) denseForward(architecture, p, l, count);
        for (int s = 0; s < count; s++) {
            float[] probabilities = forward[s].finish();
            lossSum += forward[s].loss(labels[s]);
            if (Softmax.argmax(probabilities, architecture.outputSize()) == labels[s]) correct++;
            backward[s].begin(network, labels[s], smoothing);
        }
        for (int l = top; l >= tail; l--) denseBackward(architecture, p, l, count, grad);
        for (int s = 0; s < count; s++) {
            for (int l = tail - 1; l >= 0; l--) backward[s].backwardLayer(p, l, grad);
        }
    }

    double lossSum() { return lossSum; }
    long correct() { return correct; }

    void resetTotals() {
        lossSum = 0;
        correct = 0;
    }

    /** The first of the dense layers at the top: every layer from it on is dense. */
    static int denseTail(Architecture architecture) {
        int tail = architecture.layerCount();
        while (tail > 0 && architecture.layer(tail - 1) instanceof LayerSpec.Dense) tail--;
        return tail;
    }

    private void denseForward(Architecture architecture, float[] p, int l, int count) {
        int units = architecture.out(l).size();
        int wOff = architecture.weightOffset(l);
        int bOff = architecture.biasOffset(l);
        int rows = architecture.in(l).size();
        int block = Math.max(1, BLOCK_BYTES / (units * Float.BYTES));
        for (int s = 0; s < count; s++) {
            forward[s].denseInput(l);
            cursor[s] = 0;
        }
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int s = 0; s < count; s++) {
                int[] idx = forward[s].sparseIndices(l);
                int from = cursor[s];
                int to = end(idx, from, forward[s].sparseCount(l), r1);
                float[] z = forward[s].layerOutput(l);
                // The first block starts from the bias (even when empty); later ones go on from z.
                if (r0 == 0) Kernels.affineSparse(p, wOff, p, bOff, units, idx, forward[s].sparseValues(l), from, to, z);
                else if (to > from) Kernels.affineSparse(p, wOff, z, 0, units, idx, forward[s].sparseValues(l), from, to, z);
                cursor[s] = to;
            }
        }
    }

    private void denseBackward(Architecture architecture, float[] p, int l, int count, float[] grad) {
        int units = architecture.out(l).size();
        int rows = architecture.in(l).size();
        int block = Math.max(1, BLOCK_BYTES / (units * Float.BYTES));
        for (int s = 0; s < count; s++) {
            backward[s].denseBegin(l, grad);
            cursor[s] = 0;
        }
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int s = 0; s < count; s++) {
                int from = cursor[s];
                int to = end(forward[s].sparseIndices(l), from, forward[s].sparseCount(l), r1);
                if (to > from) backward[s].denseRows(p, l, from, to, grad);
                cursor[s] = to;
            }
        }
        for (int s = 0; s < count; s++) backward[s].denseEnd(l);
    }

    /** The first position at or after {@code from} whose index is at least {@code limit} (the list is ascending). */
    private static int end(int[] idx, int from, int count, int limit) {
        int to = from;
        while (to < count && idx[to] < limit) to++;
        return to;
    }
}
