package dev.livedigits.nn;

/** Runs a network over a labelled set of normalized 28×28 images on several threads. */
public final class Evaluator implements AutoCloseable {
    private static final int IMAGE = 784;

    private final Workers workers;
    private final ForwardPass[] passes;

    public Evaluator(int threads) {
        this.workers = new Workers(threads);
        this.passes = new ForwardPass[threads];
        for (int t = 0; t < threads; t++) passes[t] = new ForwardPass();
    }

    /** {@code images} holds {@code count} images of 784 bytes back to back, {@code labels} their digits. */
    public Evaluation evaluate(Network network, byte[] images, byte[] labels, int count) {
        byte[] predicted = new byte[count];
        float[] confidence = new float[count];
        predictInto(network, images, count, predicted, confidence);
        return new Evaluation(labels, predicted, confidence, count);
    }

    /** The batched-inference path: the argmax and its probability for every image. */
    public void predictInto(Network network, byte[] images, int count, byte[] predicted, float[] confidence) {
        int parts = workers.size();
        workers.run(t -> {
            ForwardPass pass = passes[t];
            int from = Workers.split(count, parts, t);
            int to = Workers.split(count, parts, t + 1);
            for (int i = from; i < to; i++) {
                float[] p = pass.run(network, images, i * IMAGE);
                int best = Softmax.argmax(p, 10);
                predicted[i] = (byte) best;
                confidence[i] = p[best];
            }
        });
    }

    @Override
    public void close() {
        workers.close();
    }
}
