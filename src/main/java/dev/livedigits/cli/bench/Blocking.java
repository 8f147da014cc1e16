package dev.livedigits.cli.bench;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a Vert.x future on the CLI's own thread (never on an event loop), always with a limit. */
final class Blocking {
    private Blocking() {}

    /**
     * The future's result.
     *
     * @throws IllegalStateException naming {@code what} if it failed or took longer than {@code millis}
     */
    static <T> T await(Future<T> future, long millis, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("bench ws: " + what + " took longer than " + millis / 1000.0 + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("bench ws: " + what + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench ws: interrupted while " + what, e);
        }
    }

    /** Whether the future succeeded within {@code millis}; a failure or a timeout is just {@code false}. */
    static boolean awaitUpTo(Future<?> future, long millis) {
        try {
            future.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleepUntil(long nanoTime) {
        long millis = (nanoTime - System.nanoTime()) / 1_000_000;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bench ws: interrupted during the run", e);
            }
        }
    }
}
