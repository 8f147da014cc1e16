package dev.livedigits.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {
    @Test
    @DisplayName("four threads sharing one limiter get exactly its 200,000 tokens between them, never more")
    void sharedAcrossThreads() throws Exception {
        for (int round = 0; round < 5; round++) {
            RateLimiter shared = RateLimiter.perSecond(1, 200_000);
            AtomicInteger granted = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 100_000; i++) if (shared.tryAcquire()) granted.incrementAndGet();
                });
                thread.start();
                threads.add(thread);
            }
            long began = System.nanoTime();
            go.countDown();
            for (Thread thread : threads) thread.join();
            // At one token a second, a test of s seconds may refill s tokens; lost updates would hand out thousands more.
            long refilled = (System.nanoTime() - began) / 1_000_000_000L + 1;
            assertTrue(granted.get() >= 200_000 && granted.get() <= 200_000 + refilled, "granted " + granted.get());
        }
    }

    @Test
    @DisplayName("the label limit: 5 at once, then the next one is due in about 2 s")
    void labels() {
        RateLimiter labels = RateLimiter.forLabels();
        for (int i = 0; i < 5; i++) assertTrue(labels.tryAcquire());
        assertFalse(labels.tryAcquire());
        long wait = labels.nanosUntilAvailable();
        assertTrue(wait > 1_500_000_000L && wait <= 2_000_000_000L, wait + " ns");
    }

    @Test
    @DisplayName("spend: takes its cost, says 0 while a token is left, then how long until the next")
    void spend() {
        RateLimiter budget = RateLimiter.perSecond(120, 3);
        assertEquals(0, budget.spend(1));
        assertEquals(0, budget.spend(1));
        long wait = budget.spend(1); // the last of the burst
        assertTrue(wait > 0 && wait <= 1_000_000_000L / 120 + 1, wait + " ns");
        assertFalse(budget.tryAcquire(), "the burst is spent");
        assertTrue(budget.spend(1) > 0, "spending with none left still says how long");
    }

    @Test
    @DisplayName("spend with a cost above what is left: a debt of at most one bucketful, paid back before the next token")
    void spendIntoDebt() {
        RateLimiter budget = RateLimiter.perSecond(100, 10);
        long wait = budget.spend(15); // 10 - 15 = -5: six tokens (60 ms) to the next one
        assertTrue(wait > 55_000_000L && wait <= 60_000_000L, wait + " ns");
        long capped = budget.spend(1_000); // at most -10: eleven tokens (110 ms) away
        assertTrue(capped > 105_000_000L && capped <= 110_000_000L, capped + " ns");
    }

    @Test
    @DisplayName("a frame budget of 120/s with a burst of 30: 30 at once, then one every 1/120 s; n tokens n/120 s away")
    void frameBudget() {
        RateLimiter budget = RateLimiter.perSecond(120, 30);
        int granted = 0;
        while (budget.tryAcquire()) granted++;
        // The loop takes microseconds; a token refills in 8.3 ms.
        assertEquals(30, granted);
        assertTrue(budget.nanosUntilAvailable() <= 1_000_000_000L / 120 + 1);
        long twelve = budget.nanosUntilAvailable(12);
        assertTrue(twelve > 90_000_000L && twelve <= 100_000_000L, "12 tokens are 100 ms away: " + twelve);
        assertTrue(budget.nanosUntilAvailable(1_000) <= 30 * 1_000_000_000L / 120 + 1, "never more than the capacity's 30 tokens away");
    }
}
