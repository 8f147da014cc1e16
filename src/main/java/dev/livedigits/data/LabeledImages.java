package dev.livedigits.data;

import java.util.Arrays;

/**
 * Square grayscale images with one digit label each, stored flat for fast batched access.
 *
 * <p>{@code pixels} holds {@code count} images of {@code side × side} bytes, row-major, image after
 * image, in MNIST polarity (0 = background, 255 = ink); {@code labels[i]} is 0..9.
 *
 * <p>Immutable by convention: the accessors hand out the backing arrays without copying, because the
 * trainer reads 47 MB of pixels in its hot loop and a defensive copy per call would dominate it.
 * Callers must treat both arrays as read-only; {@link #subset} returns an independent copy.
 */
public final class LabeledImages {

    private final int count;
    private final int side;
    private final byte[] pixels;
    private final byte[] labels;

    /**
     * @throws IllegalArgumentException if the array lengths do not match {@code count} and {@code side}
     *     or a label is not a digit
     */
    public LabeledImages(int count, int side, byte[] pixels, byte[] labels) {
        if (count < 0 || side <= 0) {
            throw new IllegalArgumentException("count " + count + " and side " + side + " must be >= 0 and > 0");
        }
        if ((long) count * side * side != pixels.length) {
            throw new IllegalArgumentException(
                    pixels.length + " pixel bytes is not " + count + " images of " + side + "x" + side);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " outside 0..9");
            }
        }
        this.count = count;
        this.side = side;
        this.pixels = pixels;
        this.labels = labels;
    }

    public int count() {
        return count;
    }

    /** Width and height of every image (28 for MNIST). */
    public int side() {
        return side;
    }

    /** Bytes per image, {@code side * side}. */
    public int imageSize() {
        return side * side;
    }

    /** All images, flat; read-only by convention (see class comment). */
    public byte[] pixels() {
        return pixels;
    }

    /** All labels; read-only by convention (see class comment). */
    public byte[] labels() {
        return labels;
    }

    /** The digit shown by image {@code i}. */
    public int label(int i) {
        return labels[checkIndex(i)];
    }

    /** Where image {@code i} starts in {@link #pixels()}. */
    public int offset(int i) {
        return checkIndex(i) * side * side;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public LabeledImages subset(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IndexOutOfBoundsException("subset " + from + ".." + to + " of " + count + " images");
        }
        int size = side * side;
        byte[] p = Arrays.copyOfRange(pixels, from * size, to * size);
        byte[] l = Arrays.copyOfRange(labels, from, to);
        return new LabeledImages(to - from, side, p, l);
    }

    /** How many images show each digit, indexed by digit. */
    public int[] labelCounts() {
        int[] counts = new int[10];
        for (int i = 0; i < count; i++) {
            counts[labels[i]]++;
        }
        return counts;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("image " + i + " of " + count);
        }
        return i;
    }

    @Override
    public String toString() {
        return "LabeledImages[" + count + " images " + side + "x" + side + "]";
    }
}
