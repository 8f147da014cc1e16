package dev.livedigits.training;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BackgroundPriorityTest {

    @Test
    @DisplayName("idle: the thread becomes SCHED_IDLE, so does a thread it starts, and the rest of the process stays normal")
    void idleIsInheritedByChildrenOnly() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        String before = policyAndNice();
        assertTrue(before.startsWith("policy 0 "), before);
        String idle = before.replace("policy 0 ", "policy 5 ");
        AtomicReference<String> said = new AtomicReference<>();
        AtomicReference<String> child = new AtomicReference<>();
        AtomicReference<String> self = new AtomicReference<>();
        Thread lowered = new Thread(() -> {
            said.set(BackgroundPriority.lowerCurrentThread(BackgroundPriority.Level.IDLE));
            self.set(policyAndNice());
            Thread started = new Thread(() -> child.set(policyAndNice()));
            started.start();
            try {
                started.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lowered.start();
        lowered.join();
        assertEquals("training threads run as SCHED_IDLE: serving preempts them", said.get());
        assertEquals(idle, self.get());
        assertEquals(idle, child.get(), "a thread started by a training thread inherits its policy");
        assertEquals(before, policyAndNice(), "the test thread itself is untouched");
    }

    @Test
    @DisplayName("low: nice 19; normal: nothing changes")
    void lowAndNormal() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        String before = policyAndNice();
        AtomicReference<String> low = new AtomicReference<>();
        Thread t = new Thread(() -> {
            BackgroundPriority.lowerCurrentThread(BackgroundPriority.Level.LOW);
            low.set(policyAndNice());
        });
        t.start();
        t.join();
        assertEquals("policy 0 nice 19", low.get());
        assertTrue(BackgroundPriority.lowerCurrentThread(BackgroundPriority.Level.NORMAL).contains("normal priority"));
        assertEquals(before, policyAndNice());
    }

    @Test
    @DisplayName("TRAINING_PRIORITY parses idle, low and normal in any case and names itself when wrong")
    void parse() {
        assertEquals(BackgroundPriority.Level.IDLE, BackgroundPriority.Level.parse("idle"));
        assertEquals(BackgroundPriority.Level.LOW, BackgroundPriority.Level.parse(" Low "));
        assertEquals(BackgroundPriority.Level.NORMAL, BackgroundPriority.Level.parse("NORMAL"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackgroundPriority.Level.parse("realtime"));
        assertEquals("TRAINING_PRIORITY: must be idle, low or normal, got 'realtime'", e.getMessage());
    }

    /** The calling thread's scheduling policy (field 41 of its stat line) and nice value (field 19). */
    private static String policyAndNice() {
        try {
            BackgroundPriority.Scheduling self = BackgroundPriority.Scheduling.ofCurrentThread();
            return "policy " + self.policy() + " nice " + self.nice();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("a stat line is read by field number, with spaces and parentheses in the thread's name")
    void readsStatLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // proc(5) fields: pid (comm) state, then fields 4..52; nice is field 19, policy field 41.
        StringBuilder line = new StringBuilder("4242 (vert.x (x) 1) S");
        for (int field = 4; field <= 52; field++) line.append(' ').append(field == 19 ? 7 : field == 41 ? 5 : 0);
        Path stat = dir.resolve("stat");
        Files.writeString(stat, line + "\n");
        assertEquals(new BackgroundPriority.Scheduling("vert.x (x) 1", 5, 7), BackgroundPriority.Scheduling.read(stat));
        assertTrue(BackgroundPriority.Scheduling.read(stat).idle());
    }
}
