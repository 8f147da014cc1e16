package dev.livedigits.data;

import java.io.IOException;
import java.util.UUID;

/**
 * The slice of the labelled samples that is never trained on, so that the validation gate can ask
 * "does the new model read what users taught better than the one serving?" on drawings neither saw.
 *
 * <p>Whether a sample is held out depends on its identity {@code (origin, seq)} alone, through a
 * fixed hash: about {@value #PERCENT} % of the samples of every digit, the same samples in every
 * job, and the same on every node of a cluster (samples are replicated with their identity). A
 * sample's fate never changes as more arrive. A split by rank within each digit (exactly 20 % of
 * each) would move samples across the line whenever one is added, and a sample some earlier model
 * was trained on could then judge it.
 */
public final class HeldOutSlice {
    /** The share held out: enough to judge on once people have taught a few hundred digits, while most still teach. */
    public static final int PERCENT = 20;
    // A fixed salt: changing it would re-deal every sample, and held-out samples would have been trained on.
    private static final long SALT = 0x6E1D_0075_11CEL;

    private HeldOutSlice() {
    }

    /** True for the samples the gate judges with and no job trains on. */
    public static boolean isHeldOut(UUID origin, long seq) {
        long h = SampleRandom.mix(SALT ^ origin.getMostSignificantBits());
        h = SampleRandom.mix(h ^ origin.getLeastSignificantBits());
        h = SampleRandom.mix(h ^ seq);
        return Long.remainderUnsigned(h, 100) < PERCENT;
    }

    /** The samples a job may train on: every sample not held out. */
    public static LabeledImages training(SampleStore store) throws IOException {
        return store.samples((origin, seq) -> !isHeldOut(origin, seq));
    }

    /** The held-out samples, for the gate and the model report. */
    public static LabeledImages heldOut(SampleStore store) throws IOException {
        return store.samples(HeldOutSlice::isHeldOut);
    }
}
