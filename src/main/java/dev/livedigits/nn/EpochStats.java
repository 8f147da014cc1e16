package dev.livedigits.nn;

/** What one epoch of training did: mean loss and accuracy over the samples it trained on. */
public record EpochStats(int epoch, int epochs, double loss, double trainAccuracy, int samples,
                         float finalLearningRate, double seconds) {
    public double samplesPerSecond() {
        return samples / seconds;
    }
}
