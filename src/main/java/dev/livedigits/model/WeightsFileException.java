package dev.livedigits.model;

import java.io.IOException;
import java.nio.file.Path;

/** A weights file that cannot be used; the message names the file and what is wrong with it. */
public final class WeightsFileException extends IOException {
    public WeightsFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public WeightsFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
