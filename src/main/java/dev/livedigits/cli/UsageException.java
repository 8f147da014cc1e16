package dev.livedigits.cli;

/** A command line the program cannot act on; its message is the one line printed on stderr. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
