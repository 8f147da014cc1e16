package dev.livedigits.server;

import java.time.Instant;

/** One-line logs on stdout: a timestamp and a sentence, easy to read and to grep. */
public final class Log {
    private Log() {}

    public static void info(String message) {
        System.out.println(Instant.now() + " INFO  " + message);
    }

    public static void warn(String message) {
        System.out.println(Instant.now() + " WARN  " + message);
    }
}
