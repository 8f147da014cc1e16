package dev.livedigits.model;

import dev.livedigits.data.DurableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The weights directory: one {@code <version id>.json} per model version and a small {@code ACTIVE}
 * file naming the version to serve, so the choice survives restarts. Switching writes {@code ACTIVE}
 * atomically, after the new version has been read and verified.
 */
public final class ModelDirectory {
    public static final String ACTIVE = "ACTIVE";

    private final Path dir;

    public ModelDirectory(Path dir) {
        this.dir = dir;
    }

    /** {@code $WEIGHTS_DIR}, or {@code weights} under the working directory. */
    public static ModelDirectory fromEnvironment() {
        String env = System.getenv("WEIGHTS_DIR");
        return new ModelDirectory(Path.of(env == null || env.isBlank() ? "weights" : env));
    }

    public Path dir() { return dir; }

    public Path fileFor(String id) {
        return dir.resolve(id + ".json");
    }

    /** The version ids present, sorted. */
    public List<String> ids() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .forEach(ids::add);
        }
        return ids;
    }

    public Optional<String> activeId() throws IOException {
        Path pointer = dir.resolve(ACTIVE);
        if (!Files.exists(pointer)) return Optional.empty();
        String id = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** Loads and verifies the active version; the message says what to do when there is none. */
    public SavedModel loadActive() throws IOException {
        String id = activeId().orElseThrow(() -> new WeightsFileException(dir.resolve(ACTIVE),
                "no active model: the file is missing or empty (write a version id into it, or train one)"));
        return load(id);
    }

    /**
     * Loads and verifies version {@code id}. A version verified before is reused while its file's
     * size and modification time are unchanged, so a rollback to a recent version does not parse
     * and checksum a megabyte of JSON again; a changed file is read and verified afresh.
     */
    public SavedModel load(String id) throws IOException {
        Path file = fileFor(id);
        FileStamp stamp = FileStamp.of(file);
        Verified cached = verified.get(id);
        if (cached != null && stamp != null && cached.stamp.equals(stamp)) return cached.model;
        SavedModel model = WeightsFile.read(file);
        if (!model.id().equals(id)) {
            throw new WeightsFileException(file, "file name says version '" + id + "' but the file says '" + model.id() + "'");
        }
        if (stamp != null) verified.put(id, new Verified(stamp, model));
        return model;
    }

    private record FileStamp(long size, long modifiedNanos) {
        static FileStamp of(Path file) {
            try {
                var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                return new FileStamp(attributes.size(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
            } catch (IOException e) {
                return null;
            }
        }
    }

    private record Verified(FileStamp stamp, SavedModel model) {}

    /** Recently verified versions (a handful; each holds its network in memory). */
    private final java.util.Map<String, Verified> verified = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override protected boolean removeEldestEntry(java.util.Map.Entry<String, Verified> eldest) { return size() > 8; }
            });

    public Path save(SavedModel model) throws IOException {
        Path file = fileFor(model.id());
        WeightsFile.write(file, model);
        // We just wrote these exact parameters atomically: activating them needs no second read.
        FileStamp stamp = FileStamp.of(file);
        if (stamp != null) verified.put(model.id(), new Verified(stamp, model));
        return file;
    }

    /** Makes {@code id} the active version after verifying its file; returns the loaded model. */
    public SavedModel activate(String id) throws IOException {
        SavedModel model = load(id);
        DurableFiles.writeAtomically(dir.resolve(ACTIVE), (id + "\n").getBytes(StandardCharsets.UTF_8));
        return model;
    }
}
