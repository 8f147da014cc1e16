package dev.livedigits.data;

/** Whole data sets through the {@link Normalizer}: what the model sees of MNIST. */
public final class Normalization {
    private Normalization() {}

    /**
     * Every image normalized exactly as a served frame would be, so accuracy measured on the result
     * is the accuracy a user drawing those digits would get.
     */
    public static LabeledImages normalizeAll(LabeledImages raw) {
        Normalizer normalizer = new Normalizer();
        int size = Normalizer.OUT_SIZE;
        byte[] out = new byte[raw.count() * size];
        for (int i = 0; i < raw.count(); i++) {
            normalizer.toMnist(raw.pixels(), raw.offset(i), raw.side(), out, i * size);
        }
        return new LabeledImages(raw.count(), Normalizer.OUT_SIDE, out, raw.labels());
    }
}
