package dev.livedigits.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDatasetTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the repository's data/mnist loads as 60 000 training and 10 000 test digits of 28×28")
    void loadsGenuineDirectory() {
        MnistDataset mnist = Mnist.dataset();
        assertEquals(60_000, mnist.train().count());
        assertEquals(10_000, mnist.test().count());
        assertEquals(28, mnist.train().side());
        assertEquals(784, mnist.test().imageSize());
    }

    @Test
    @DisplayName("each file may be raw or gzipped, with or without the .gz suffix")
    void rawAndGzippedNames() throws IOException {
        byte[] pixels = new byte[2 * 784];
        pixels[783] = (byte) 200;
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.images(2, 28, 28, pixels));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.labels(new byte[] {4, 2})));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.images(1, 28, 28, new byte[784])));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxReaderTest.labels(new byte[] {9}));

        MnistDataset mnist = MnistDataset.load(dir);
        assertEquals(2, mnist.train().count());
        assertEquals(200, mnist.train().pixels()[783] & 0xff);
        assertEquals(9, mnist.test().label(0));
    }

    @Test
    @DisplayName("a missing file is reported with the directory and every expected name")
    void missingFile() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[0]);
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> MnistDataset.load(dir));
        String message = e.getMessage();
        assertTrue(message.contains("train-labels-idx1-ubyte(.gz) not found in " + dir.toAbsolutePath()), message);
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "MNIST_DIR"}) {
            assertTrue(message.contains(name), () -> "mentions " + name + ": " + message);
        }
    }

    @Test
    @DisplayName("images that are not 28×28 are refused: the network cannot take them")
    void wrongSide() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxReaderTest.images(1, 2, 2, new byte[4]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxReaderTest.labels(new byte[] {1}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistDataset.load(dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte: images are 2x2, MNIST images are 28x28"),
                e.getMessage());
    }

    @Test
    @DisplayName("the default directory is data/mnist, moved by MNIST_DIR or by the contract's DATA_DIR")
    void defaultDir() {
        assertEquals(Path.of("data", "mnist"), MnistDataset.defaultDir(Map.of()));
        assertEquals(Path.of("/srv/data", "mnist"), MnistDataset.defaultDir(Map.of("DATA_DIR", "/srv/data")));
        assertEquals(Path.of("/mnist"), MnistDataset.defaultDir(Map.of("MNIST_DIR", "/mnist", "DATA_DIR", "/srv")));
        assertEquals(Path.of("data", "mnist"), MnistDataset.defaultDir(Map.of("MNIST_DIR", " ")));
    }

    @Test
    @DisplayName("a labelled set gives offsets, labels, counts and independent subsets")
    void labeledImages() {
        LabeledImages test = Mnist.test();
        assertEquals(7, test.label(0)); // the famous first test digit
        assertEquals(5 * 784, test.offset(5));
        LabeledImages head = test.subset(10, 20);
        assertEquals(10, head.count());
        assertArrayEquals(Arrays.copyOfRange(test.pixels(), 10 * 784, 20 * 784), head.pixels());
        assertEquals(test.label(10), head.label(0));
        assertEquals(10, Arrays.stream(head.labelCounts()).sum());
        head.pixels()[0] = 1;
        assertEquals(0, test.pixels()[10 * 784], "a subset is a copy");
        assertThrows(IndexOutOfBoundsException.class, () -> test.label(10_000));
        assertThrows(IndexOutOfBoundsException.class, () -> test.subset(5, 10_001));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabeledImages(2, 28, new byte[784], new byte[2]));
        assertEquals("784 pixel bytes is not 2 images of 28x28", e.getMessage());
    }
}
