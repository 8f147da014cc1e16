package dev.livedigits.server;

/**
 * Where user labels go (contract §1 {@code label}): the normalized input of the connection's last
 * frame with the digit the user named. Called on an event loop; implementations must not block it.
 */
public interface LabelSink {
    /** Stores the sample; the future yields the count now stored for that digit. */
    io.vertx.core.Future<Long> store(byte[] normalizedInput, int digit);

}
