package dev.livedigits.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Puts the calling thread, and every thread it starts afterwards, behind the serving threads in the
 * operating system's scheduler, so a retraining job takes the CPU that serving leaves idle and
 * gives it back the moment a frame arrives.
 *
 * <p>Why the OS: a training thread that merely yields now and then still holds its core for a full
 * time slice whenever an event loop or an inference worker wakes with a frame, and those wake-ups are
 * the live path's tail latency. The JVM cannot say "background" itself ({@code Thread.setPriority}
 * does nothing on Linux unless the JVM runs as root with {@code -XX:ThreadPriorityPolicy=1}), but
 * Linux keeps a policy per thread, lets any thread lower its own, and copies it into the threads
 * that thread creates: the training thread lowers itself once, and the trainer's and evaluator's
 * worker threads, which it starts, follow. {@code chrt} and {@code renice} come with util-linux.
 *
 * <ul>
 *   <li>{@link Level#IDLE} ({@code SCHED_IDLE}): a waking normal thread preempts it at once; it runs
 *       at full speed only on a core nobody else in the process wants.</li>
 *   <li>{@link Level#LOW} (nice 19): a 1:68 share against a normal thread, but it keeps its slice
 *       until the scheduler's next decision.</li>
 *   <li>{@link Level#NORMAL}: unchanged (a machine that only trains).</li>
 * </ul>
 */
public final class BackgroundPriority {
    private static final int LOWEST_NICE = 19;

    /**
     * One thread's scheduling as Linux reports it in {@code /proc/<pid>/task/<tid>/stat}: its name
     * (field 2, in parentheses, may contain spaces), nice value (field 19) and policy (field 41).
     */
    public record Scheduling(String name, int policy, int nice) {
        public static final int SCHED_IDLE = 5;

        public static Scheduling read(Path stat) throws IOException {
            String line = Files.readString(stat);
            int close = line.lastIndexOf(')');
            // Fields from the state (field 3) on: field N is at index N−3.
            String[] fields = line.substring(close + 2).trim().split(" ");
            return new Scheduling(line.substring(line.indexOf('(') + 1, close), Integer.parseInt(fields[41 - 3]),
                    Integer.parseInt(fields[19 - 3]));
        }

        /** The calling thread's. */
        public static Scheduling ofCurrentThread() throws IOException {
            return read(Path.of("/proc/thread-self/stat"));
        }

        public boolean idle() {
            return policy == SCHED_IDLE;
        }
    }

    public enum Level {
        IDLE, LOW, NORMAL;

        public static Level parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("TRAINING_PRIORITY: must be idle, low or normal, got '" + name + "'");
            }
        }
    }

    private BackgroundPriority() {}

    /**
     * One daemon thread named {@code name} that lowers itself to {@code level} before its first task
     * (the threads it starts, e.g. the trainer's or an evaluator's, inherit that) and tells {@code log} how it went.
     */
    public static ExecutorService singleLoweredThread(String name, Level level, Consumer<String> log) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                log.accept(lowerCurrentThread(level));
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Lowers the calling thread to {@code level} and returns what it did, in words for the log (the
     * thread stays as it was, with the reason, when the OS or its tools do not allow it).
     */
    public static String lowerCurrentThread(Level level) {
        if (level == Level.NORMAL) return "training threads at normal priority (TRAINING_PRIORITY=normal)";
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) return "training threads at normal priority: no /proc/thread-self (not Linux)";
        try {
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            List<String> command = level == Level.IDLE
                    ? List.of("chrt", "--idle", "--pid", "0", tid)
                    : List.of("renice", "-n", Integer.toString(LOWEST_NICE), "-p", tid);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "training threads at normal priority: " + String.join(" ", command) + " failed: " + output;
            }
            Scheduling now = Scheduling.ofCurrentThread();
            boolean applied = level == Level.IDLE ? now.idle() : now.nice() == LOWEST_NICE;
            return applied
                    ? "training threads run " + (level == Level.IDLE ? "as SCHED_IDLE" : "at nice " + LOWEST_NICE) + ": serving preempts them"
                    : "training threads at normal priority: " + String.join(" ", command) + " did not take effect";
        } catch (IOException | RuntimeException e) {
            return "training threads at normal priority: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "training threads at normal priority: interrupted";
        }
    }
}
