package dev.livedigits.server.admin;

import dev.livedigits.data.HeldOutSlice;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.SampleStore;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.training.BackgroundPriority;
import dev.livedigits.training.ModelReport;
import dev.livedigits.training.ValidationSets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model reports ({@link ModelReport}), computed once and kept in memory.
 *
 * <p><b>Where they run.</b> Scoring 10,600 images takes the cores for a second or more, so it runs on
 * a thread of its own at the training priority (SCHED_IDLE by default: serving preempts it), never
 * on an event loop or a worker the inference shares; its evaluator's threads inherit that.
 *
 * <p><b>What is cached.</b> A version never changes, so its MNIST and drawn-check part is computed
 * once (the {@value #KEPT} most recently asked versions are kept, a few tens of KB each). The
 * held-out samples grow as people teach, so the whole report is kept per version <em>and</em> number
 * of stored samples: while no sample arrives, a second request gets the very same object; after one
 * does, only the held-out part is scored again (milliseconds). Requests for the same report while it
 * is computed share one computation. Not on disk: a report costs a second or two once per process,
 * and a file would need invalidating when the held-out slice grows, on every node of a cluster.
 */
public final class ModelReports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelReports.class);
    static final int KEPT = 16;

    /** Asked for a version that is not in the weights directory. */
    public static final class NoSuchVersion extends RuntimeException {
        NoSuchVersion(String message) {
            super(message);
        }
    }

    private final ModelDirectory directory;
    private final SampleStore samples;
    private final Supplier<ValidationSets> validation;
    private final int threads;
    private final ExecutorService executor;
    /** Finished or running reports by "version#samples"; guarded by itself. */
    private final Map<String, CompletableFuture<JsonObject>> reports = lru();
    /** The version-only part, touched on the report thread alone. */
    private final Map<String, Map<String, Object>> fixedParts = lru();
    private Evaluator evaluator;
    private volatile boolean used;

    public ModelReports(ModelDirectory directory, SampleStore samples, Supplier<ValidationSets> validation, int threads,
                        BackgroundPriority.Level priority) {
        this.directory = directory;
        this.samples = samples;
        this.validation = validation;
        this.threads = threads;
        this.executor = BackgroundPriority.singleLoweredThread("livedigits-report", priority, how -> LOG.info("model reports: " + how));
    }

    /** The report of version {@code id}; fails with {@link NoSuchVersion} for an unknown one. Call on a Vert.x context. */
    public Future<JsonObject> report(Vertx vertx, String id) {
        used = true;
        String key = id + "#" + samples.size();
        CompletableFuture<JsonObject> report;
        synchronized (reports) {
            report = reports.get(key);
            if (report == null) {
                CompletableFuture<JsonObject> fresh = CompletableFuture.supplyAsync(() -> compute(id), executor);
                reports.put(key, fresh);
                // A failure is not kept: the next request tries again (the file may have been fixed or copied in).
                fresh.whenComplete((r, e) -> {
                    if (e != null) synchronized (reports) { reports.remove(key, fresh); }
                });
                report = fresh;
            }
        }
        return Future.fromCompletionStage(report, vertx.getOrCreateContext()).recover(e -> Future.failedFuture(unwrap(e)));
    }

    private JsonObject compute(String id) {
        try {
            // Only listed versions: an id is never turned into a path it did not come from.
            if (!directory.ids().contains(id)) throw new NoSuchVersion("no model version '" + id + "' in " + directory.dir());
            SavedModel model = directory.load(id);
            if (evaluator == null) evaluator = new Evaluator(threads); // made here, so its threads share this one's priority
            Map<String, Object> fixed = fixedParts.get(id);
            if (fixed == null) {
                fixed = ModelReport.fixedPart(model, validation.get(), evaluator);
                fixedParts.put(id, fixed);
                LOG.info("model report for " + id + " computed in " + fixed.get("computeMillis") + " ms");
            }
            LabeledImages heldOut = HeldOutSlice.heldOut(samples);
            JsonObject report = new JsonObject(new LinkedHashMap<>(fixed));
            report.put("heldOut", new JsonObject(ModelReport.heldOutPart(model, heldOut, evaluator)));
            report.put("samplesStored", samples.size());
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exception that stopped the computation, out of the CompletableFuture's and our wrappers. */
    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof UncheckedIOException) && e.getCause() != null) e = e.getCause();
        return e;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > KEPT;
            }
        };
    }

    /** Lets a report being computed finish, then frees the evaluator's threads. */
    @Override
    public void close() {
        if (!used) {
            executor.shutdown(); // its thread was never started
            return;
        }
        try {
            executor.execute(() -> {
                if (evaluator != null) evaluator.close();
            });
        } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
            return;
        }
        executor.shutdown();
    }
}
