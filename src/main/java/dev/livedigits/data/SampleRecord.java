package dev.livedigits.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The on-disk form of a labelled sample: one fixed-size, big-endian record ending in a CRC-32 of
 * everything before it.
 * <ul>
 *   <li>v1: {@code 'L', 1, digit, 784 pixels, millis (8), CRC (4)} — 799 bytes, no identity;</li>
 *   <li>v2: {@code 'L', 2, digit, 784 pixels, millis (8), origin msb (8), origin lsb (8), seq (8), CRC (4)} — 823 bytes.</li>
 * </ul>
 * v2 only adds fields before the checksum, so the fields both have sit at the same offsets and a
 * migration copies them as they are.
 */
final class SampleRecord {
    enum Layout {
        V1(1, 3 + Sample.PIXELS + 8 + 4),
        V2(2, 3 + Sample.PIXELS + 8 + 16 + 8 + 4);

        final byte version;
        final int size;

        Layout(int version, int size) {
            this.version = (byte) version;
            this.size = size;
        }
    }

    private static final byte MAGIC = 'L';
    private static final int DIGIT = 2;
    private static final int PIXELS = 3;
    private static final int MILLIS = PIXELS + Sample.PIXELS;
    private static final int ORIGIN = MILLIS + 8;
    private static final int SEQ = ORIGIN + 16;
    // Reading a few hundred records per system call instead of one keeps opening a million-sample store quick.
    private static final int CHUNK_RECORDS = 256;

    private SampleRecord() {
    }

    /** A record that passed its checks, seen in place in the read buffer; valid only during the visit. */
    static final class View {
        private final ByteBuffer buf;
        private int at;

        private View(ByteBuffer buf) {
            this.buf = buf;
        }

        int digit() {
            return buf.get(at + DIGIT);
        }

        long millis() {
            return buf.getLong(at + MILLIS);
        }

        /** v2 only. */
        UUID origin() {
            return new UUID(buf.getLong(at + ORIGIN), buf.getLong(at + ORIGIN + 8));
        }

        /** v2 only. */
        long seq() {
            return buf.getLong(at + SEQ);
        }

        void copyPixels(byte[] into, int offset) {
            buf.get(at + PIXELS, into, offset, Sample.PIXELS);
        }

        byte[] pixels() {
            byte[] pixels = new byte[Sample.PIXELS];
            copyPixels(pixels, 0);
            return pixels;
        }

        /** v2 only. */
        Sample toSample() {
            return new Sample(origin(), seq(), digit(), pixels(), millis());
        }
    }

    interface Visitor {
        void visit(int index, View record) throws IOException;
    }

    /**
     * Visits, in file order, every whole record whose header and checksum are right; a partial record
     * at the end is not read. Returns how many whole records were skipped as damaged.
     */
    static int scan(FileChannel channel, Path file, Layout layout, Visitor visitor) throws IOException {
        long count = channel.size() / layout.size;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_RECORDS * layout.size);
        View view = new View(chunk);
        CRC32 crc = new CRC32();
        int damaged = 0;
        for (long first = 0; first < count; first += CHUNK_RECORDS) {
            int n = (int) Math.min(CHUNK_RECORDS, count - first);
            chunk.clear().limit(n * layout.size);
            readFully(channel, file, chunk, first * layout.size);
            for (int i = 0; i < n; i++) {
                view.at = i * layout.size;
                if (isValid(chunk, view.at, layout, crc)) {
                    visitor.visit((int) (first + i), view);
                } else {
                    damaged++;
                }
            }
        }
        return damaged;
    }

    /** Reads v2 record number {@code index}; null if it no longer passes its checks. */
    static Sample read(FileChannel channel, Path file, int index) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Layout.V2.size);
        readFully(channel, file, buf, (long) index * Layout.V2.size);
        if (!isValid(buf, 0, Layout.V2, new CRC32())) return null;
        View view = new View(buf);
        return view.toSample();
    }

    /** Puts {@code sample} as a v2 record at the buffer's position. */
    static void encode(Sample sample, ByteBuffer out) {
        int start = out.position();
        out.put(MAGIC).put(Layout.V2.version).put((byte) sample.digit()).put(sample.pixels()).putLong(sample.millis())
                .putLong(sample.origin().getMostSignificantBits()).putLong(sample.origin().getLeastSignificantBits())
                .putLong(sample.seq());
        CRC32 crc = new CRC32();
        crc.update(out.array(), out.arrayOffset() + start, Layout.V2.size - 4);
        out.putInt((int) crc.getValue());
    }

    private static boolean isValid(ByteBuffer buf, int at, Layout layout, CRC32 crc) {
        int digit = buf.get(at + DIGIT);
        if (buf.get(at) != MAGIC || buf.get(at + 1) != layout.version || digit < 0 || digit > 9) return false;
        crc.reset();
        crc.update(buf.array(), buf.arrayOffset() + at, layout.size - 4);
        if (buf.getInt(at + layout.size - 4) != (int) crc.getValue()) return false;
        // Only a bug could checksum a seq below 1, but an identity that Sample refuses must not stop the open.
        return layout == Layout.V1 || buf.getLong(at + SEQ) >= 1;
    }

    private static void readFully(FileChannel channel, Path file, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf, at + buf.position()) < 0) {
                throw new EOFException(file + ": ended inside the record at byte " + at + " (was it truncated while open?)");
            }
        }
    }
}
