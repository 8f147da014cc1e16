package dev.livedigits.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The genuine MNIST files of the repository, loaded once for all tests of the package. */
final class Mnist {

    static final Path DIR = Path.of("data", "mnist");

    private static MnistDataset dataset;

    private Mnist() {
    }

    static synchronized MnistDataset dataset() {
        if (dataset == null) {
            try {
                dataset = MnistDataset.load(DIR);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataset;
    }

    static LabeledImages test() {
        return dataset().test();
    }

    static LabeledImages train() {
        return dataset().train();
    }
}
