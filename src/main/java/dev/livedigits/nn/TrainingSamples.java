package dev.livedigits.nn;

/**
 * The training set as the trainer sees it: labelled 28×28 images rendered on demand, so a source can
 * hand out fixed images or a fresh random distortion of each image every epoch.
 */
public interface TrainingSamples {
    int count();

    /** Bytes per image: a normalized 28×28 digit unless a source says otherwise. */
    default int imageSize() {
        return 28 * 28;
    }

    int label(int index);

    /** A renderer for one training thread (renderers need not be thread-safe). */
    Renderer newRenderer();

    interface Renderer {
        /**
         * Writes sample {@code index} as it should be seen in {@code epoch} into {@code out[offset..offset+784)}.
         * The result must depend only on (index, epoch) — never on the thread — so training is repeatable.
         */
        void render(int index, int epoch, byte[] out, int offset);
    }

    /** Fixed, already normalized images: {@code images[i*784 ..]} with {@code labels[i]}. */
    static TrainingSamples fixed(byte[] images, byte[] labels, int count, int imageSize) {
        return new TrainingSamples() {
            @Override public int count() { return count; }
            @Override public int label(int index) { return labels[index]; }
            @Override public Renderer newRenderer() {
                return (index, epoch, out, offset) -> System.arraycopy(images, index * imageSize, out, offset, imageSize);
            }
        };
    }
}
