package dev.livedigits.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * User-labelled samples, kept durably in one append-only file of fixed-size records:
 * {@code 'L', version, digit, 784 normalized bytes, epoch millis (8 bytes), CRC-32 of the preceding 795 bytes}.
 *
 * <p>Every append is fsync'd before it is acknowledged. Fixed-size records make damage local: on
 * open, a record whose checksum or header is wrong is skipped (and counted), and a torn final
 * record — the tail a crash left half-written — is detected by the length and cut off, so the
 * next append starts on a record boundary instead of silently shifting every later record.
 * Thread-safe; every method may block on disk, so callers on an event loop use blocking work.
 */
public final class SampleStore implements AutoCloseable {
    public static final String FILE_NAME = "labelled-samples.bin";
    static final int RECORD = 1 + 1 + 1 + 784 + 8 + 4;
    private static final byte MAGIC = 'L';
    private static final byte VERSION = 1;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD);
    private final int[] counts = new int[10];
    private final int skippedCorrupt;
    private final long tornBytes;
    private long validRecords;

    private SampleStore(Path file, FileChannel channel, int skippedCorrupt, long tornBytes, int[] counts, long validRecords) {
        this.file = file;
        this.channel = channel;
        this.skippedCorrupt = skippedCorrupt;
        this.tornBytes = tornBytes;
        System.arraycopy(counts, 0, this.counts, 0, 10);
        this.validRecords = validRecords;
    }

    /** Opens (or creates) the store in {@code dir}, checking every record and cutting off a torn tail. */
    public static SampleStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        long whole = size / RECORD * RECORD;
        long torn = size - whole;
        if (torn > 0) {
            channel.truncate(whole);
            channel.force(true);
        }
        int[] counts = new int[10];
        int[] corrupt = new int[1];
        long[] valid = new long[1];
        forEachRecord(channel, file, (digit, pixels, millis) -> {
            counts[digit]++;
            valid[0]++;
        }, corrupt);
        SampleStore opened = new SampleStore(file, channel, corrupt[0], torn, counts, valid[0]);
        return opened;
    }

    /** Appends one sample (fsync'd) and returns how many samples of that digit are now stored. */
    public synchronized int append(byte[] normalized, int digit) throws IOException {
        if (normalized.length != 784) throw new IllegalArgumentException("a sample has 784 normalized bytes, got " + normalized.length);
        if (digit < 0 || digit > 9) throw new IllegalArgumentException("digit must be 0..9, got " + digit);
        record.clear();
        record.put(MAGIC).put(VERSION).put((byte) digit).put(normalized).putLong(System.currentTimeMillis());
        CRC32 crc = new CRC32();
        crc.update(record.array(), 0, RECORD - 4);
        record.putInt((int) crc.getValue());
        record.flip();
        long at = channel.size();
        while (record.hasRemaining()) channel.write(record, at + record.position());
        channel.force(false);
        validRecords++;
        return ++counts[digit];
    }

    public synchronized int[] countsPerDigit() {
        return counts.clone();
    }

    public synchronized long size() {
        return validRecords;
    }

    /** Records skipped on open because their header or checksum was wrong. */
    public int skippedCorrupt() {
        return skippedCorrupt;
    }

    /** Bytes of a half-written final record found (and cut off) on open; 0 after a clean shutdown. */
    public long tornBytes() {
        return tornBytes;
    }

    public Path file() {
        return file;
    }

    /** All valid samples, as 28×28 labelled images (a training set to mix in). */
    public synchronized LabeledImages samples() throws IOException {
        int n = (int) validRecords;
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        int[] i = new int[1];
        forEachRecord(channel, file, (digit, px, millis) -> {
            if (i[0] < n) {
                System.arraycopy(px, 0, pixels, i[0] * 784, 784);
                labels[i[0]] = (byte) digit;
                i[0]++;
            }
        }, new int[1]);
        return new LabeledImages(i[0], 28, java.util.Arrays.copyOf(pixels, i[0] * 784), java.util.Arrays.copyOf(labels, i[0]));
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

    private interface RecordVisitor {
        void visit(int digit, byte[] pixels, long millis);
    }

    private static void forEachRecord(FileChannel channel, Path file, RecordVisitor visitor, int[] corrupt) throws IOException {
        long end = channel.size() / RECORD * RECORD;
        ByteBuffer buf = ByteBuffer.allocate(RECORD);
        byte[] pixels = new byte[784];
        CRC32 crc = new CRC32();
        for (long at = 0; at < end; at += RECORD) {
            buf.clear();
            while (buf.hasRemaining()) {
                if (channel.read(buf, at + buf.position()) < 0) throw new IOException(file + ": ended inside record at byte " + at);
            }
            byte[] r = buf.array();
            crc.reset();
            crc.update(r, 0, RECORD - 4);
            int stored = buf.getInt(RECORD - 4);
            int digit = r[2];
            if (r[0] != MAGIC || r[1] != VERSION || digit < 0 || digit > 9 || stored != (int) crc.getValue()) {
                corrupt[0]++;
                continue;
            }
            System.arraycopy(r, 3, pixels, 0, 784);
            visitor.visit(digit, pixels, buf.getLong(3 + 784));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
