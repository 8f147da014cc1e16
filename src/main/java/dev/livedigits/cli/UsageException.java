package dev.livedigits.cli;

/** A command line the program cannot act on; its message is the one line printed on stderr (exit 2). */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
