package dev.livedigits.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    /** Three 2×2 images and their labels. */
    private static final byte[] PIXELS = {0, 1, 2, 3, 10, 11, 12, (byte) 255, 20, 21, 22, 23};
    private static final byte[] LABELS = {7, 0, 9};

    @TempDir
    Path dir;

    @Test
    @DisplayName("the genuine MNIST files hold 60 000 training and 10 000 test digits with the published label counts")
    void genuineFiles() throws IOException {
        long start = System.nanoTime();
        LabeledImages train = IdxReader.read(Mnist.DIR.resolve("train-images-idx3-ubyte.gz"),
                Mnist.DIR.resolve("train-labels-idx1-ubyte.gz"));
        System.out.printf("IdxReader: 60 000 training images loaded in %.0f ms%n", (System.nanoTime() - start) / 1e6);
        assertEquals(60_000, train.count());
        assertEquals(28, train.side());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.labelCounts());

        LabeledImages test = Mnist.test();
        assertEquals(10_000, test.count());
        assertEquals(28, test.side());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.labelCounts());
    }

    @Test
    @DisplayName("a raw IDX pair reads back exactly")
    void rawPair() throws IOException {
        LabeledImages set = IdxReader.read(write("images", images(3, 2, 2, PIXELS)), write("labels", labels(LABELS)));
        assertEquals(3, set.count());
        assertEquals(2, set.side());
        assertArrayEquals(PIXELS, set.pixels());
        assertArrayEquals(LABELS, set.labels());
    }

    @Test
    @DisplayName("gzip is recognised by its magic bytes, whatever the file is called")
    void gzipByContent() throws IOException {
        Path gzNoSuffix = write("images-without-suffix", gzip(images(3, 2, 2, PIXELS)));
        Path rawWithSuffix = write("labels.gz", labels(LABELS));
        LabeledImages set = IdxReader.read(gzNoSuffix, rawWithSuffix);
        assertArrayEquals(PIXELS, set.pixels());
        assertArrayEquals(LABELS, set.labels());

        IdxReader.Images images = IdxReader.readImages(write("wide.gz", gzip(images(2, 2, 3, PIXELS))));
        assertEquals(2, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.cols());
        assertArrayEquals(PIXELS, images.pixels());
    }

    @Test
    @DisplayName("a truncated image file is refused, saying how many bytes the header promised and how many came")
    void truncated() throws IOException {
        Path raw = write("t10k-images-idx3-ubyte", Arrays.copyOf(images(3, 2, 2, PIXELS), 16 + 10));
        assertMessage(raw, "truncated: header promises 12 pixel bytes, found 10",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(raw)));

        byte[] zipped = gzip(images(3, 2, 2, PIXELS));
        Path cut = write("t10k-images-idx3-ubyte.gz", Arrays.copyOf(zipped, zipped.length - 12));
        assertMessage(cut, "truncated: header promises 12 pixel bytes, found",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(cut)));

        Path shortHeader = write("short-header", new byte[] {0, 0, 8, 3, 0, 0});
        assertMessage(shortHeader, "truncated: 6 bytes, shorter than the 16-byte IDX images header",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(shortHeader)));
    }

    @Test
    @DisplayName("bytes after the promised payload are refused")
    void trailingBytes() throws IOException {
        byte[] file = images(3, 2, 2, PIXELS);
        Path raw = write("images", Arrays.copyOf(file, file.length + 5));
        assertMessage(raw, "5 trailing bytes after the 12 pixel bytes the header promises",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(raw)));

        byte[] labels = labels(LABELS);
        Path zipped = write("labels.gz", gzip(Arrays.copyOf(labels, labels.length + 1)));
        assertMessage(zipped, "1 trailing bytes after the 3 label bytes",
                assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(zipped)));
    }

    @Test
    @DisplayName("a wrong magic number is refused, naming the one found and the one expected")
    void wrongMagic() throws IOException {
        Path images = write("train-images-idx3-ubyte", images(3, 2, 2, PIXELS));
        assertMessage(images, "bad magic number 0x00000803, expected 0x00000801",
                assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(images)));

        byte[] floats = images(3, 2, 2, PIXELS);
        floats[2] = 0x0d; // IDX type float
        Path floatFile = write("floats", floats);
        assertMessage(floatFile, "bad magic number 0x00000d03, expected 0x00000803",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(floatFile)));
    }

    @Test
    @DisplayName("image and label files of different lengths are refused, naming both")
    void countMismatch() throws IOException {
        Path images = write("train-images-idx3-ubyte", images(3, 2, 2, PIXELS));
        Path labels = write("train-labels-idx1-ubyte", labels(new byte[] {1, 2}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(images, labels));
        assertMessage(labels, "has 2 labels but train-images-idx3-ubyte has 3 images", e);
    }

    @Test
    @DisplayName("labels that are not digits, non-square images and non-positive dimensions are refused")
    void badContents() throws IOException {
        Path labels = write("labels", labels(new byte[] {3, 10, 4}));
        assertMessage(labels, "label 10 at index 1 outside 0..9",
                assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(labels)));

        Path wide = write("wide", images(2, 2, 3, PIXELS));
        Path two = write("two-labels", labels(new byte[] {1, 2}));
        assertMessage(wide, "images are 2x3, not square",
                assertThrows(IdxFormatException.class, () -> IdxReader.read(wide, two)));

        Path zeroRows = write("zero-rows", images(3, 0, 2, new byte[0]));
        assertMessage(zeroRows, "header gives rows 0, must be positive",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(zeroRows)));
    }

    @Test
    @DisplayName("a header promising more than an array can hold fails as a format error, not out of memory")
    void hugeHeader() throws IOException {
        Path huge = write("huge", images(60_000, 28_000, 28, new byte[100]));
        assertMessage(huge, "more than one array can hold",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(huge)));
        Path big = write("big", images(2_000, 1_000, 1_000, new byte[100]));
        assertMessage(big, "truncated: header promises 2000000000 pixel bytes, found 100",
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(big)));
    }

    private static void assertMessage(Path file, String problem, IdxFormatException e) {
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), () -> "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "says '" + problem + "': " + e.getMessage());
        assertEquals(file, e.file());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    static byte[] labels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABELS_MAGIC).putInt(labels.length)
                .put(labels).array();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
