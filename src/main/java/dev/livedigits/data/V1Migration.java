package dev.livedigits.data;

import dev.livedigits.data.SampleRecord.Layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Turns a v1 sample file (records without identity) into a v2 one: each valid v1 record becomes a
 * sample of this store's origin, seq 1, 2, 3 … in file order, with its digit, pixels and time.
 *
 * <p>Crash-safe by ordering: the whole v2 file is written under a temp name and moved into place in
 * one step, and only then is the v1 file renamed (kept, not deleted: it is the user's data). A crash
 * before the move leaves the v1 file as it was and no v2 file, so the next open starts over; a crash
 * after it leaves both, and the next open only finishes the rename.
 */
final class V1Migration {
    static final String V1_FILE_NAME = "labelled-samples.bin";
    static final String MIGRATED_SUFFIX = ".migrated";
    private static final int BATCH_RECORDS = 256;

    /** What a migration converted, and what it had to leave behind (still in the renamed v1 file). */
    record Result(int migrated, int damaged, long tornBytes) {
        static final Result NONE = new Result(0, 0, 0);
    }

    private V1Migration() {
    }

    static Result runIfNeeded(Path dir, Path v2File, UUID origin) throws IOException {
        Path v1File = dir.resolve(V1_FILE_NAME);
        Path migrated = dir.resolve(V1_FILE_NAME + MIGRATED_SUFFIX);
        if (!Files.exists(v1File)) return Result.NONE;
        if (Files.exists(v2File)) {
            if (Files.exists(migrated)) {
                throw new IOException(dir + " holds " + V1_FILE_NAME + " next to a migrated store (" + v2File.getFileName()
                        + ", " + migrated.getFileName() + "): did an older version write samples after the migration? "
                        + "This store does not read " + V1_FILE_NAME + "; move it away to open the store");
            }
            DurableFiles.rename(v1File, migrated);
            return Result.NONE;
        }
        Result result;
        try (FileChannel v1 = FileChannel.open(v1File, StandardOpenOption.READ)) {
            result = convert(v1, v1File, v2File, origin);
        }
        DurableFiles.rename(v1File, migrated);
        return result;
    }

    private static Result convert(FileChannel v1, Path v1File, Path v2File, UUID origin) throws IOException {
        int[] converted = new int[1];
        int[] damaged = new int[1];
        DurableFiles.writeAtomically(v2File, out -> {
            ByteBuffer batch = ByteBuffer.allocate(BATCH_RECORDS * Layout.V2.size);
            damaged[0] = SampleRecord.scan(v1, v1File, Layout.V1, (index, record) -> {
                if (!batch.hasRemaining()) flush(batch, out);
                Sample sample = new Sample(origin, ++converted[0], record.digit(), record.pixels(), record.millis());
                SampleRecord.encode(sample, batch);
            });
            flush(batch, out);
        });
        return new Result(converted[0], damaged[0], v1.size() % Layout.V1.size);
    }

    private static void flush(ByteBuffer batch, FileChannel out) throws IOException {
        batch.flip();
        DurableFiles.writeFully(out, batch);
        batch.clear();
    }
}
