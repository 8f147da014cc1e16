package dev.livedigits.server;

import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.SavedModel;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The model being served: one immutable {@link SavedModel} behind one reference. A prediction reads
 * the reference once and computes with that snapshot only, so a swap can never mix two versions in
 * one answer, and in-flight work finishes on the version it started with. Plain Java; loading from
 * disk blocks, so callers on an event loop run it as blocking work.
 */
public final class ModelRegistry {
    private final ModelDirectory directory;
    private final AtomicReference<SavedModel> active = new AtomicReference<>();
    private final List<Consumer<SavedModel>> listeners = new CopyOnWriteArrayList<>();

    public ModelRegistry(ModelDirectory directory) {
        this.directory = directory;
    }

    public ModelDirectory directory() {
        return directory;
    }

    /** The active model, or null before the first load. */
    public SavedModel current() {
        return active.get();
    }

    /** Loads and verifies the version named by the directory's ACTIVE file (start-up). */
    public SavedModel loadActive() throws IOException {
        SavedModel model = directory.loadActive();
        active.set(model);
        return model;
    }

    /**
     * Verifies version {@code id}, records it as active on disk (it survives a restart), swaps it in
     * and tells the listeners. A file that fails verification changes nothing.
     */
    public SavedModel activate(String id) throws IOException {
        SavedModel model = directory.activate(id);
        swap(model);
        return model;
    }

    /** Serves {@code model} from now on and tells the listeners. */
    private void swap(SavedModel model) {
        active.set(Objects.requireNonNull(model));
        for (Consumer<SavedModel> l : listeners) l.accept(model);
    }

    public void onChange(Consumer<SavedModel> listener) {
        listeners.add(listener);
    }
}
