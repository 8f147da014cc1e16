package dev.livedigits.server.training;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The job board keeps the latest jobs (each snapshot replaced as it runs) and forgets the oldest. */
class JobBoardTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void keepsTheLatestJobsAndForgetsTheOldest() throws Exception {
        JobBoard board = new JobBoard(vertx);
        int jobs = JobBoard.KEPT + 5;
        for (int i = 0; i < jobs; i++) {
            // Each job is recorded several times as it runs (queued, running, epochs, end).
            for (String state : new String[] {"queued", "running", "succeeded"}) {
                await(board.record(new JsonObject().put("job", "job-" + i).put("state", state)));
            }
        }
        for (int i = 0; i < 5; i++) assertNull(await(board.job("job-" + i)), "job-" + i + " forgotten");
        for (int i = 5; i < jobs; i++) {
            JsonObject kept = await(board.job("job-" + i));
            assertNotNull(kept, "job-" + i + " kept");
            assertEquals("succeeded", kept.getString("state"));
        }
        assertEquals("job-" + (jobs - 1), await(board.current()).getString("job"));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
