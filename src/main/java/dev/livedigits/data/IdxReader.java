package dev.livedigits.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST is distributed in, gzipped or raw.
 *
 * <p>Format: a 4-byte magic {@code 00 00 <type> <dims>} (type 0x08 = unsigned byte), one big-endian
 * int per dimension, then the payload. Labels are {@code 0x00000801} with one dimension (count),
 * images {@code 0x00000803} with three (count, rows, cols).
 *
 * <p>The reader is strict, because a half-downloaded or mismatched file otherwise turns into a model
 * that quietly trains on garbage: the payload must be exactly as long as the header says, no byte more,
 * image and label counts must agree, and labels must be digits.
 */
public final class IdxReader {

    /** Magic of an unsigned-byte IDX file with one dimension: the labels. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic of an unsigned-byte IDX file with three dimensions: the images. */
    public static final int IMAGES_MAGIC = 0x00000803;

    private static final int BUFFER_SIZE = 1 << 16;
    private static final int INITIAL_CAPACITY = 1 << 20;
    private static final String[] DIMENSION_NAMES = {"count", "rows", "columns"};

    /** Raw images as read: {@code count} images of {@code rows × cols} bytes, row-major, image after image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private IdxReader() {
    }

    /**
     * Reads an image file and its label file into one set of square images.
     *
     * @throws IdxFormatException if either file is malformed, the counts differ or the images are not square
     */
    public static LabeledImages read(Path images, Path labels) throws IOException {
        Images im = readImages(images);
        byte[] lb = readLabels(labels);
        if (im.count() != lb.length) {
            throw new IdxFormatException(labels,
                    "has " + lb.length + " labels but " + images.getFileName() + " has " + im.count() + " images");
        }
        if (im.rows() != im.cols()) {
            throw new IdxFormatException(images, "images are " + im.rows() + "x" + im.cols() + ", not square");
        }
        return new LabeledImages(im.count(), im.rows(), im.pixels(), lb);
    }

    /** Reads a label file; every label must be a digit 0..9. */
    public static byte[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int count = readHeader(in, file, LABELS_MAGIC, "labels")[0];
            byte[] labels = readPayload(in, file, count, "label");
            for (int i = 0; i < count; i++) {
                if (labels[i] < 0 || labels[i] > 9) {
                    throw new IdxFormatException(file,
                            "label " + Byte.toUnsignedInt(labels[i]) + " at index " + i + " outside 0..9");
                }
            }
            return labels;
        }
    }

    /** Reads an image file of any positive dimensions. */
    public static Images readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int[] dims = readHeader(in, file, IMAGES_MAGIC, "images");
            long size = (long) dims[0] * dims[1] * dims[2];
            // Java arrays stop a little short of Integer.MAX_VALUE; MNIST needs 47 MB.
            if (size > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(file, "header promises " + dims[0] + " images of " + dims[1] + "x"
                        + dims[2] + " = " + size + " bytes, more than one array can hold");
            }
            byte[] pixels = readPayload(in, file, (int) size, "pixel");
            return new Images(dims[0], dims[1], dims[2], pixels);
        }
    }

    /** Opens the file, unzipping it if it starts with the gzip magic 1f 8b (names lie; contents do not). */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(raw, BUFFER_SIZE), BUFFER_SIZE);
            }
            return raw;
        } catch (ZipException e) {
            raw.close();
            throw new IdxFormatException(file, "starts like gzip but is not a valid gzip stream: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Checks the magic and returns the dimensions, each required to be positive. */
    private static int[] readHeader(InputStream in, Path file, int expectedMagic, String what) throws IOException {
        int dimCount = expectedMagic & 0xff;
        byte[] header = readFully(in, file, 4 + 4 * dimCount, "header");
        if (header.length < 4 + 4 * dimCount) {
            throw new IdxFormatException(file, "truncated: " + header.length + " bytes, shorter than the "
                    + (4 + 4 * dimCount) + "-byte IDX " + what + " header");
        }
        int magic = intAt(header, 0);
        if (magic != expectedMagic) {
            throw new IdxFormatException(file, String.format(
                    "bad magic number 0x%08x, expected 0x%08x (IDX unsigned-byte %s with %d dimension%s)",
                    magic, expectedMagic, what, dimCount, dimCount == 1 ? "" : "s"));
        }
        int[] dims = new int[dimCount];
        for (int d = 0; d < dimCount; d++) {
            dims[d] = intAt(header, 4 + 4 * d);
            if (dims[d] <= 0) {
                throw new IdxFormatException(file, "header gives " + DIMENSION_NAMES[d] + " " + dims[d]
                        + ", must be positive");
            }
        }
        return dims;
    }

    /** Reads exactly {@code length} payload bytes and insists that nothing follows them. */
    private static byte[] readPayload(InputStream in, Path file, int length, String unit) throws IOException {
        byte[] payload = readFully(in, file, length, unit + " payload");
        if (payload.length < length) {
            throw new IdxFormatException(file, "truncated: header promises " + length + " " + unit
                    + " bytes, found " + payload.length);
        }
        long trailing = countRemaining(in, file);
        if (trailing > 0) {
            throw new IdxFormatException(file, trailing + " trailing bytes after the " + length + " " + unit
                    + " bytes the header promises");
        }
        return payload;
    }

    /**
     * Reads up to {@code length} bytes in large chunks. Returns a shorter array if the stream ends
     * early; a gzip stream cut off mid-way throws EOFException instead, which counts as the same thing.
     * The buffer grows as data arrives, so a corrupt header promising gigabytes fails as "truncated"
     * rather than as an OutOfMemoryError.
     */
    private static byte[] readFully(InputStream in, Path file, int length, String what) throws IOException {
        byte[] buffer = new byte[Math.min(length, INITIAL_CAPACITY)];
        int filled = 0;
        try {
            while (filled < length) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream's way of saying the compressed data stops before its end marker.
        } catch (ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data in the " + what + ": " + e.getMessage(), e);
        }
        return filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
    }

    private static long countRemaining(InputStream in, Path file) throws IOException {
        try {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (EOFException e) {
            return 1; // a cut-off gzip tail after the payload is still something after the payload
        } catch (ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data after the payload: " + e.getMessage(), e);
        }
    }

    private static int intAt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
