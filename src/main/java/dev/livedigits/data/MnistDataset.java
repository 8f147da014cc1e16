package dev.livedigits.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The MNIST training (60 000) and test (10 000) sets, loaded from the four original IDX files.
 *
 * <p>Each file may be raw or gzipped and may carry the {@code .gz} suffix or not; the reader looks at
 * the bytes, not the name. Images must be 28×28, because that is the network's input.
 */
public final class MnistDataset {

    /** Side of an MNIST image, and of the network input. */
    public static final int SIDE = 28;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final LabeledImages train;
    private final LabeledImages test;

    public MnistDataset(LabeledImages train, LabeledImages test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Loads the four files from {@code dir}.
     *
     * @throws FileNotFoundException naming the directory and the expected names if one is missing
     * @throws IdxFormatException if a file is malformed or its images are not 28×28
     */
    public static MnistDataset load(Path dir) throws IOException {
        return new MnistDataset(
                loadPair(dir, TRAIN_IMAGES, TRAIN_LABELS),
                loadPair(dir, TEST_IMAGES, TEST_LABELS));
    }

    /** Only the 10 000 test images (what scoring a model needs), same checks as {@link #load}. */
    public static LabeledImages loadTest(Path dir) throws IOException {
        return loadPair(dir, TEST_IMAGES, TEST_LABELS);
    }

    /**
     * Where the files are looked for by default: {@code $MNIST_DIR} if set, else {@code $DATA_DIR/mnist}
     * (the contract's data directory), else {@code data/mnist} relative to the working directory.
     */
    public static Path defaultDir() {
        return defaultDir(System.getenv());
    }

    static Path defaultDir(Map<String, String> env) {
        String mnistDir = env.get("MNIST_DIR");
        if (mnistDir != null && !mnistDir.isBlank()) {
            return Path.of(mnistDir);
        }
        String dataDir = env.get("DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir, "mnist");
        }
        return Path.of("data", "mnist");
    }

    /** The 60 000 training images. */
    public LabeledImages train() {
        return train;
    }

    /** The 10 000 test images. */
    public LabeledImages test() {
        return test;
    }

    private static LabeledImages loadPair(Path dir, String images, String labels) throws IOException {
        Path imageFile = find(dir, images);
        LabeledImages set = IdxReader.read(imageFile, find(dir, labels));
        if (set.side() != SIDE) {
            throw new IdxFormatException(imageFile,
                    "images are " + set.side() + "x" + set.side() + ", MNIST images are " + SIDE + "x" + SIDE);
        }
        return set;
    }

    private static Path find(Path dir, String name) throws FileNotFoundException {
        for (Path candidate : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new FileNotFoundException("MNIST file " + name + "(.gz) not found in " + dir.toAbsolutePath()
                + "; expected " + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + " and " + TEST_LABELS
                + ", each raw or with .gz (set MNIST_DIR to use another directory)");
    }

    @Override
    public String toString() {
        return "MnistDataset[train=" + train.count() + ", test=" + test.count() + "]";
    }
}
