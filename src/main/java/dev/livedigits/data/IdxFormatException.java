package dev.livedigits.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file that cannot be what its header claims: wrong magic number, bad dimensions,
 * a payload shorter or longer than promised, labels that are not digits.
 *
 * <p>The message always starts with the file, because a data directory holds four nearly
 * identical names and "truncated" alone does not say which download went wrong.
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public IdxFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public IdxFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file that is malformed. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
