package dev.livedigits.data;

import dev.livedigits.data.SampleRecord.Layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * User-labelled samples, kept durably in one append-only file of fixed-size records (layout in
 * {@code SampleRecord}): {@code 'L', 2, digit, 784 normalized bytes, epoch millis (8), origin (16),
 * seq (8), CRC-32 of the preceding 819 bytes}.
 *
 * <p><b>Identity, for replication.</b> In a cluster every node keeps its own store, and a sample taught
 * on any node must end up exactly once in every store. So each sample carries {@code (origin, seq)}:
 * the UUID of the store that first recorded it (kept in the file {@code ORIGIN} beside the samples, made
 * on the first open) and 1, 2, 3 … per origin. Receiving a sample whose identity is present is a no-op
 * ({@link #appendReplica}), so peers may resend freely; {@link #contiguous()} summarises what a store
 * holds in one number per origin, and {@link #missingFor} answers such a summary with what the asker
 * lacks. A copied store directory would share its origin with the original, and both would hand out the
 * same identities to different samples: a new node starts from an empty directory.
 *
 * <p><b>Durability.</b> Every append is fsync'd before it is acknowledged. Fixed-size records make damage
 * local: on open, a record whose checksum or header is wrong is skipped (and counted), and a torn final
 * record — the tail a crash left half-written — is detected by the length and cut off, so the next
 * append starts on a record boundary instead of silently shifting every later record. A v1 file
 * ({@code labelled-samples.bin}, samples without identity) is converted on open by {@code V1Migration}.
 *
 * <p>Thread-safe; every method may block on disk, so callers on an event loop use blocking work.
 */
public final class SampleStore implements AutoCloseable {
    public static final String FILE_NAME = "labelled-samples-v2.bin";
    static final int RECORD = Layout.V2.size;

    /** A locally taught sample as stored, and how many samples of its digit the store now holds. */
    public record Stored(Sample sample, int countForDigit) {
    }

    private final Path file;
    private final FileChannel channel;
    private final UUID origin;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD);
    // Sorted by origin, because missingFor answers in (origin, seq) order.
    private final Map<UUID, SeqIndex> byOrigin = new TreeMap<>();
    private final int[] counts = new int[10];
    private final int skippedCorrupt;
    private final long tornBytes;
    private final int migratedFromV1;
    private int records; // whole records in the file, damaged ones included: the next goes at records × RECORD
    private long size;
    private IOException failedWrite;

    private SampleStore(Path file, FileChannel channel, UUID origin, V1Migration.Result migration) throws IOException {
        this.file = file;
        this.channel = channel;
        this.origin = origin;
        long whole = channel.size() / RECORD * RECORD;
        long torn = channel.size() - whole;
        if (torn > 0) {
            channel.truncate(whole);
            channel.force(true);
        }
        records = (int) (whole / RECORD);
        // A second record with an identity already seen can only come from outside this class; the first wins.
        int damaged = SampleRecord.scan(channel, file, Layout.V2, (index, r) -> index(r.origin(), r.seq(), r.digit(), index));
        skippedCorrupt = damaged + migration.damaged();
        tornBytes = torn + migration.tornBytes();
        migratedFromV1 = migration.migrated();
    }

    /**
     * Opens (or creates) the store in {@code dir}: reads or makes its identity, migrates a v1 file,
     * checks every record and cuts off a torn tail.
     *
     * @throws IOException also when the identity file exists but is damaged (the message says what to do)
     */
    public static SampleStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        UUID origin = StoreOrigin.readOrCreate(dir);
        Path file = dir.resolve(FILE_NAME);
        V1Migration.Result migration = V1Migration.runIfNeeded(dir, file, origin);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new SampleStore(file, channel, origin, migration);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Records a sample taught here (fsync'd), as the next seq of this store's origin.
     *
     * @throws IllegalArgumentException if {@code normalized} is not 784 bytes or {@code digit} not 0..9
     */
    public synchronized Stored append(byte[] normalized, int digit) throws IOException {
        SeqIndex own = byOrigin.get(origin);
        // Highest present + 1. Should this store's own newest record be lost to damage after peers copied it,
        // its seq would be handed out again: after such a loss, catch up from a peer before taking new samples.
        Sample sample = new Sample(origin, (own == null ? 0 : own.highest()) + 1, digit, normalized, System.currentTimeMillis());
        write(sample);
        return new Stored(sample, counts[digit]);
    }

    /**
     * Records a sample that a peer (or, resent, this store) first recorded, unless its identity is
     * already present: then nothing is written and the answer is false. Fsync'd before returning true.
     */
    public synchronized boolean appendReplica(Sample sample) throws IOException {
        Objects.requireNonNull(sample, "sample");
        SeqIndex seqs = byOrigin.get(sample.origin());
        if (seqs != null && seqs.contains(sample.seq())) return false;
        write(sample);
        return true;
    }

    /**
     * For each origin present, the largest n such that seqs 1..n are all here (0 if seq 1 is missing):
     * what a peer needs to know to send this store what it lacks. A fresh, sorted copy.
     */
    public synchronized Map<UUID, Long> contiguous() {
        Map<UUID, Long> summary = new TreeMap<>();
        byOrigin.forEach((o, seqs) -> summary.put(o, seqs.contiguous()));
        return summary;
    }

    /**
     * The samples held here with {@code seq > after.getOrDefault(origin, 0)}, in (origin, seq) order, at
     * most {@code limit}. Called with a peer's {@link #contiguous()}, it answers what the peer may lack
     * (the peer drops what it has). A batch of {@code limit} may not be the end: ask again with each
     * origin's entry raised to the highest seq received. Asking again with the peer's new contiguous()
     * instead would stall for good behind a seq that no store holds (a record lost to damage), resending
     * the same first batch.
     */
    public synchronized List<Sample> missingFor(Map<UUID, Long> after, int limit) throws IOException {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        List<Sample> batch = new ArrayList<>(Math.min(limit, 1024));
        for (Map.Entry<UUID, SeqIndex> entry : byOrigin.entrySet()) {
            SeqIndex seqs = entry.getValue();
            for (int i = seqs.firstAbove(after.getOrDefault(entry.getKey(), 0L)); i < seqs.size() && batch.size() < limit; i++) {
                // A record that no longer passes its checks is left out, as samples() leaves it out.
                Sample sample = SampleRecord.read(channel, file, seqs.recordAt(i));
                if (sample != null) batch.add(sample);
            }
            if (batch.size() == limit) break;
        }
        return batch;
    }

    /** This store's identity: the origin of every sample first recorded here. */
    public UUID origin() {
        return origin;
    }

    public synchronized int[] countsPerDigit() {
        return counts.clone();
    }

    public synchronized long size() {
        return size;
    }

    /** Records skipped on open because their header or checksum was wrong (v1 records a migration skipped included). */
    public int skippedCorrupt() {
        return skippedCorrupt;
    }

    /** Bytes of a half-written final record found (and cut off) on open, or left out by a migration; 0 after a clean shutdown. */
    public long tornBytes() {
        return tornBytes;
    }

    /** How many v1 samples this open converted into the v2 file; 0 when there was nothing to migrate. */
    public int migratedFromV1() {
        return migratedFromV1;
    }

    public Path file() {
        return file;
    }

    /** Which samples to read, by identity: {@code (origin, seq)} names a sample on every node alike. */
    @FunctionalInterface
    public interface IdentityFilter {
        boolean keep(UUID origin, long seq);
    }

    /** All samples held, once each, in file order, as 28×28 labelled images (a training set to mix in). */
    public LabeledImages samples() throws IOException {
        return samples((origin, seq) -> true);
    }

    /** The samples whose identity {@code filter} keeps, once each, in file order (e.g. one side of {@link HeldOutSlice}). */
    public synchronized LabeledImages samples(IdentityFilter filter) throws IOException {
        BitSet held = new BitSet(records);
        for (SeqIndex seqs : byOrigin.values()) {
            for (int i = 0; i < seqs.size(); i++) held.set(seqs.recordAt(i));
        }
        int n = (int) size;
        byte[] pixels = new byte[n * Sample.PIXELS];
        byte[] labels = new byte[n];
        int[] taken = new int[1];
        SampleRecord.scan(channel, file, Layout.V2, (index, r) -> {
            if (held.get(index) && filter.keep(r.origin(), r.seq())) {
                r.copyPixels(pixels, taken[0] * Sample.PIXELS);
                labels[taken[0]++] = (byte) r.digit();
            }
        });
        int got = taken[0];
        return new LabeledImages(got, 28, Arrays.copyOf(pixels, got * Sample.PIXELS), Arrays.copyOf(labels, got));
    }

    /** Writes the samples as the two IDX files MNIST uses (raw, not gzipped). */
    public void exportIdx(Path images, Path labels) throws IOException {
        LabeledImages all = samples();
        ByteBuffer header = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(all.count()).putInt(28).putInt(28);
        byte[] imageFile = new byte[16 + all.pixels().length];
        System.arraycopy(header.array(), 0, imageFile, 0, 16);
        System.arraycopy(all.pixels(), 0, imageFile, 16, all.pixels().length);
        byte[] labelFile = new byte[8 + all.count()];
        System.arraycopy(ByteBuffer.allocate(8).putInt(IdxReader.LABELS_MAGIC).putInt(all.count()).array(), 0, labelFile, 0, 8);
        System.arraycopy(all.labels(), 0, labelFile, 8, all.count());
        Files.write(images, imageFile);
        Files.write(labels, labelFile);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private void write(Sample sample) throws IOException {
        if (failedWrite != null) {
            throw new IOException(file + " cannot take samples after a write failed and could not be undone; reopen the store", failedWrite);
        }
        record.clear();
        SampleRecord.encode(sample, record);
        record.flip();
        long at = (long) records * RECORD;
        try {
            while (record.hasRemaining()) channel.write(record, at + record.position());
            channel.force(false);
        } catch (IOException e) {
            // The record may be partly or wholly on disk without being in the index: take it back, or a
            // retry would write its identity twice (or, for a local sample, give its seq to another sample).
            try {
                channel.truncate(at);
                channel.force(false);
            } catch (IOException undo) {
                e.addSuppressed(undo);
                failedWrite = e;
            }
            throw e;
        }
        index(sample.origin(), sample.seq(), sample.digit(), records++);
    }

    private void index(UUID sampleOrigin, long seq, int digit, int recordNumber) {
        if (byOrigin.computeIfAbsent(sampleOrigin, o -> new SeqIndex()).add(seq, recordNumber)) {
            counts[digit]++;
            size++;
        }
    }
}
