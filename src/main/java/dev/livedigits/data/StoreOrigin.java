package dev.livedigits.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A store's identity, the origin of every sample it records first: one UUID line in the file
 * {@value #FILE_NAME} next to the samples, made once and read on every later open.
 *
 * <p>A damaged file is an error, never a reason to make a new identity quietly: the samples already
 * sent to peers carry the old one, and only the person running the node can decide to give up on it.
 */
final class StoreOrigin {
    static final String FILE_NAME = "ORIGIN";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private StoreOrigin() {
    }

    static UUID readOrCreate(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            UUID fresh = UUID.randomUUID();
            DurableFiles.writeAtomically(file, (fresh + "\n").getBytes(StandardCharsets.US_ASCII));
            return fresh;
        } catch (IOException e) {
            throw new IOException("cannot read the sample store's identity " + file + ": " + e, e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        // UUID.fromString alone would take "1-2-3-4-5"; only the exact form we write is an identity.
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new IOException(file + " should hold this store's identity, one UUID line like "
                    + "\"3f1c9a2e-7b4d-4c1e-9f0a-2b6d8e4c7a15\", but has " + describe(text)
                    + "; restore it from a backup, or delete it to give this store a new identity "
                    + "(samples already stored keep theirs)");
        }
        return UUID.fromString(text);
    }

    private static String describe(String text) {
        if (text.isEmpty()) return "nothing in it";
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
