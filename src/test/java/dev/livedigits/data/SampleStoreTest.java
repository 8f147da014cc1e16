package dev.livedigits.data;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleStoreTest {
    private static final UUID X = new UUID(0, 1);
    private static final UUID Y = new UUID(0, 2);

    @TempDir
    Path dir;

    private static byte[] sample(int seed) {
        byte[] b = new byte[784];
        for (int i = 0; i < 784; i++) b[i] = (byte) ((i * 31 + seed * 7) % 256);
        return b;
    }

    private static Sample replica(UUID origin, long seq) {
        return new Sample(origin, seq, (int) (seq % 10), sample((int) seq), 1_700_000_000_000L + seq);
    }

    private static List<Sample> all(SampleStore store) throws IOException {
        return store.missingFor(Map.of(), Integer.MAX_VALUE);
    }

    private static long[] seqs(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::seq).toArray();
    }

    /** Flips one bit inside the pixels of record {@code index}, so its checksum fails. */
    private void damageRecord(Path storeDir, int index) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(storeDir.resolve(SampleStore.FILE_NAME).toFile(), "rw")) {
            raf.seek((long) index * SampleStore.RECORD + 400);
            int b = raf.read();
            raf.seek((long) index * SampleStore.RECORD + 400);
            raf.write(b ^ 0x10);
        }
    }

    /** What a node does to catch up from a peer: ask with its summary, then page on past each batch. */
    private static int sync(SampleStore from, SampleStore to, int limit) throws IOException {
        Map<UUID, Long> after = new HashMap<>(to.contiguous());
        int added = 0;
        List<Sample> batch;
        do {
            batch = from.missingFor(after, limit);
            for (Sample s : batch) {
                if (to.appendReplica(s)) added++;
                after.merge(s.origin(), s.seq(), Math::max);
            }
        } while (batch.size() == limit);
        return added;
    }

    @Test
    @DisplayName("labelled samples survive closing and reopening, with counts per digit")
    void survivesRestart() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(1, store.append(sample(1), 3).countForDigit());
            assertEquals(2, store.append(sample(2), 3).countForDigit());
            assertEquals(1, store.append(sample(3), 7).countForDigit());
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertArrayEquals(new int[] {0, 0, 0, 2, 0, 0, 0, 1, 0, 0}, store.countsPerDigit());
            LabeledImages all = store.samples();
            assertEquals(3, all.count());
            assertEquals(7, all.label(2));
            assertArrayEquals(sample(2), Arrays.copyOfRange(all.pixels(), 784, 1568));
            assertEquals(0, store.tornBytes());
            assertEquals(0, store.migratedFromV1());
        }
    }

    @Test
    @DisplayName("a store keeps its identity across reopening, and local seqs continue where they stopped")
    void identityPersists() throws Exception {
        UUID origin;
        try (SampleStore store = SampleStore.open(dir)) {
            origin = store.origin();
            SampleStore.Stored first = store.append(sample(1), 1);
            assertEquals(new Sample(origin, 1, 1, sample(1), first.sample().millis()), first.sample());
            assertEquals(2, store.append(sample(2), 2).sample().seq());
        }
        assertEquals(origin + "\n", Files.readString(dir.resolve(StoreOrigin.FILE_NAME)));
        assertFalse(Files.exists(dir.resolve(StoreOrigin.FILE_NAME + ".tmp")), "the identity is written under a temp name, then moved");
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(origin, store.origin());
            assertEquals(3, store.append(sample(3), 3).sample().seq());
            assertArrayEquals(new long[] {1, 2, 3}, seqs(all(store)));
        }
        try (SampleStore other = SampleStore.open(dir.resolve("other"))) {
            assertNotEquals(origin, other.origin(), "every store has its own identity");
        }
    }

    @Test
    @DisplayName("a damaged identity file stops the open with what to do, and is left as it was")
    void damagedIdentityRefused() throws Exception {
        Path originFile = dir.resolve(StoreOrigin.FILE_NAME);
        for (String bad : new String[] {"", "not-a-uuid\n", "1-2-3-4-5\n"}) {
            Files.writeString(originFile, bad);
            IOException e = assertThrows(IOException.class, () -> SampleStore.open(dir));
            assertTrue(e.getMessage().contains(originFile.toString()) && e.getMessage().contains("identity"), e.getMessage());
            assertEquals(bad, Files.readString(originFile), "never replaced by a new identity");
        }
    }

    @Test
    @DisplayName("a sample received twice is stored once, also after reopening; replicas leave local seqs alone")
    void replicasDeduplicated() throws Exception {
        Sample s = replica(X, 1);
        try (SampleStore store = SampleStore.open(dir)) {
            assertTrue(store.appendReplica(s));
            assertFalse(store.appendReplica(s));
            assertFalse(store.appendReplica(new Sample(X, 1, 9, sample(9), 0)), "the identity decides, not the content");
            assertEquals(1, store.size());
            assertEquals(1, store.append(sample(5), 5).sample().seq(), "the first local sample is seq 1 of this store's origin");
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertFalse(store.appendReplica(s));
            assertEquals(2, store.size());
            assertEquals(List.of(s), all(store).stream().filter(stored -> stored.origin().equals(X)).toList(), "stored as received");
            assertEquals(SampleStore.RECORD * 2L, Files.size(store.file()), "nothing written for a duplicate");
        }
    }

    @Test
    @DisplayName("a sample with a bad digit, pixel count or seq is refused with the reason")
    void invalidSamplesRefused() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            IllegalArgumentException digit = assertThrows(IllegalArgumentException.class,
                    () -> store.appendReplica(new Sample(X, 1, 10, sample(1), 0)));
            assertEquals("digit must be 0..9, got 10", digit.getMessage());
            IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class,
                    () -> store.appendReplica(new Sample(X, 1, 1, new byte[10], 0)));
            assertEquals("a sample has 784 normalized bytes, got 10", pixels.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.appendReplica(new Sample(X, 0, 1, sample(1), 0)));
            assertThrows(IllegalArgumentException.class, () -> store.missingFor(Map.of(), 0));
            assertEquals(0, store.size());
        }
    }

    @Test
    @DisplayName("a torn final record is detected and cut off; the records before it and appends after it are intact")
    void tornTailSkipped() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            store.append(sample(1), 1);
            store.append(sample(2), 2);
        }
        Path file = dir.resolve(SampleStore.FILE_NAME);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 100); // a crash in the middle of writing record 2
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(SampleStore.RECORD - 100, store.tornBytes());
            assertEquals(1, store.size());
            SampleStore.Stored next = store.append(sample(3), 2);
            assertEquals(1, next.countForDigit(), "the next append lands on a record boundary");
            assertEquals(2, next.sample().seq(), "the torn record was never acknowledged, so its seq is free");
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(0, store.tornBytes());
            assertEquals(0, store.skippedCorrupt());
            assertArrayEquals(new int[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, store.countsPerDigit());
            assertArrayEquals(sample(3), Arrays.copyOfRange(store.samples().pixels(), 784, 1568));
            assertArrayEquals(new long[] {1, 2}, seqs(all(store)));
        }
    }

    @Test
    @DisplayName("a damaged record in the middle is skipped without disturbing its neighbours")
    void corruptRecordSkipped() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            for (int i = 0; i < 3; i++) store.append(sample(i), i);
        }
        damageRecord(dir, 1);
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(1, store.skippedCorrupt());
            assertArrayEquals(new int[] {1, 0, 1, 0, 0, 0, 0, 0, 0, 0}, store.countsPerDigit());
            assertEquals(2, store.samples().count());
            assertArrayEquals(new long[] {1, 3}, seqs(all(store)));
            assertEquals(Map.of(store.origin(), 1L), store.contiguous());
        }
    }

    @Test
    @DisplayName("samples export as IDX files the MNIST reader accepts; bad input is refused")
    void exportsIdx() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            store.append(sample(4), 4);
            store.append(sample(5), 5);
            store.exportIdx(dir.resolve("images.idx"), dir.resolve("labels.idx"));
            LabeledImages back = IdxReader.read(dir.resolve("images.idx"), dir.resolve("labels.idx"));
            assertEquals(2, back.count());
            assertEquals(5, back.label(1));
            assertArrayEquals(sample(4), Arrays.copyOf(back.pixels(), 784));
            assertThrows(IllegalArgumentException.class, () -> store.append(new byte[10], 1));
            assertThrows(IllegalArgumentException.class, () -> store.append(sample(1), 10));
        }
    }

    private static byte[] v1Record(int digit, byte[] pixels, long millis) {
        ByteBuffer b = ByteBuffer.allocate(SampleRecord.Layout.V1.size);
        b.put((byte) 'L').put((byte) 1).put((byte) digit).put(pixels).putLong(millis);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        return b.putInt((int) crc.getValue()).array();
    }

    /** A v1 file as the previous version wrote it: digits 3, 7, (damaged), 3, then half a record. */
    private byte[] writeV1File() throws IOException {
        byte[] damaged = v1Record(5, sample(5), 5_000);
        damaged[400] ^= 0x10;
        ByteBuffer file = ByteBuffer.allocate(4 * SampleRecord.Layout.V1.size + 100);
        file.put(v1Record(3, sample(1), 1_000)).put(v1Record(7, sample(2), 2_000)).put(damaged).put(v1Record(3, sample(4), 4_000));
        file.put(v1Record(1, sample(6), 6_000), 0, 100);
        Files.write(dir.resolve(V1Migration.V1_FILE_NAME), file.array());
        return file.array();
    }

    @Test
    @DisplayName("a v1 file becomes samples of this store's origin, seq 1.., and is kept renamed; reopening does not migrate again")
    void migratesV1() throws Exception {
        byte[] v1 = writeV1File();
        UUID origin;
        try (SampleStore store = SampleStore.open(dir)) {
            origin = store.origin();
            assertEquals(3, store.migratedFromV1());
            assertEquals(1, store.skippedCorrupt());
            assertEquals(100, store.tornBytes());
            assertArrayEquals(new int[] {0, 0, 0, 2, 0, 0, 0, 1, 0, 0}, store.countsPerDigit());
            assertEquals(List.of(new Sample(origin, 1, 3, sample(1), 1_000), new Sample(origin, 2, 7, sample(2), 2_000),
                    new Sample(origin, 3, 3, sample(4), 4_000)), all(store));
            assertArrayEquals(sample(4), Arrays.copyOfRange(store.samples().pixels(), 2 * 784, 3 * 784));
        }
        assertFalse(Files.exists(dir.resolve(V1Migration.V1_FILE_NAME)));
        assertArrayEquals(v1, Files.readAllBytes(dir.resolve(V1Migration.V1_FILE_NAME + V1Migration.MIGRATED_SUFFIX)),
                "the user's v1 data is kept as it was");
        assertFalse(Files.exists(dir.resolve(SampleStore.FILE_NAME + ".tmp")));
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(origin, store.origin());
            assertEquals(0, store.migratedFromV1());
            assertEquals(3, store.size());
            assertEquals(4, store.append(sample(7), 7).sample().seq());
        }
    }

    @Test
    @DisplayName("a migration cut short before its v2 file was in place starts over; after, only the rename is finished")
    void interruptedMigrationCompletes() throws Exception {
        writeV1File();
        Files.write(dir.resolve(SampleStore.FILE_NAME + ".tmp"), new byte[] {1, 2, 3}); // a crash while writing the temp file
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(3, store.migratedFromV1());
        }
        // A crash after the v2 file was moved into place, before the v1 file was renamed:
        Files.move(dir.resolve(V1Migration.V1_FILE_NAME + V1Migration.MIGRATED_SUFFIX), dir.resolve(V1Migration.V1_FILE_NAME));
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(0, store.migratedFromV1());
            assertEquals(3, store.size(), "not migrated twice");
        }
        assertFalse(Files.exists(dir.resolve(V1Migration.V1_FILE_NAME)));
        assertTrue(Files.exists(dir.resolve(V1Migration.V1_FILE_NAME + V1Migration.MIGRATED_SUFFIX)));
    }

    @Test
    @DisplayName("a v1 file that appears after the migration is not overwritten onto the kept one: the open says so")
    void v1FileAfterMigrationRefused() throws Exception {
        writeV1File();
        SampleStore.open(dir).close();
        writeV1File();
        IOException e = assertThrows(IOException.class, () -> SampleStore.open(dir));
        assertTrue(e.getMessage().contains(V1Migration.V1_FILE_NAME), e.getMessage());
        assertTrue(Files.exists(dir.resolve(V1Migration.V1_FILE_NAME)));
    }

    @Test
    @DisplayName("contiguous() is, per origin, the last seq before the first gap")
    void contiguousStopsAtGap() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            for (long seq : new long[] {1, 2, 4, 5}) store.appendReplica(replica(X, seq));
            store.appendReplica(replica(Y, 2));
            store.append(sample(1), 1);
            assertEquals(Map.of(X, 2L, Y, 0L, store.origin(), 1L), store.contiguous());
            store.appendReplica(replica(X, 3));
            assertEquals(5L, store.contiguous().get(X), "filling the gap joins the run after it");
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(Map.of(X, 5L, Y, 0L, store.origin(), 1L), store.contiguous());
        }
    }

    @Test
    @DisplayName("missingFor answers what lies past the asker's summary, in (origin, seq) order, at most limit")
    void missingForPages() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            for (long seq = 5; seq >= 1; seq--) store.appendReplica(replica(X, seq)); // arrival order does not matter
            for (long seq = 1; seq <= 3; seq++) store.appendReplica(replica(Y, seq));
            List<Sample> first = store.missingFor(Map.of(X, 2L), 4);
            assertEquals(List.of(replica(X, 3), replica(X, 4), replica(X, 5), replica(Y, 1)), first);
            assertEquals(List.of(replica(Y, 2), replica(Y, 3)), store.missingFor(Map.of(X, 5L, Y, 1L), 4));
            assertEquals(List.of(), store.missingFor(Map.of(X, 5L, Y, 3L), 4));
            assertEquals(8, all(store).size());
        }
    }

    @Test
    @DisplayName("two stores exchanging what the other lacks end up holding the same samples, each once")
    void storesConverge() throws Exception {
        try (SampleStore a = SampleStore.open(dir.resolve("a")); SampleStore b = SampleStore.open(dir.resolve("b"))) {
            for (int i = 0; i < 7; i++) a.append(sample(i), i);
            for (int i = 0; i < 4; i++) b.append(sample(10 + i), 9 - i);
            b.appendReplica(a.missingFor(Map.of(), 1).get(0)); // b already has one of a's samples
            assertEquals(6, sync(a, b, 2));
            assertEquals(4, sync(b, a, 3));
            assertEquals(0, sync(a, b, 2), "nothing new the second time");
            assertEquals(new HashSet<>(all(a)), new HashSet<>(all(b)));
            assertEquals(11, a.size());
            assertEquals(11, b.size());
            assertArrayEquals(a.countsPerDigit(), b.countsPerDigit());
            assertEquals(a.contiguous(), b.contiguous());
        }
    }

    @Test
    @DisplayName("a seq no store holds does not stop the rest from arriving, and a peer's copy heals a damaged record")
    void gapsDoNotStallReplication() throws Exception {
        Path aDir = dir.resolve("a");
        try (SampleStore a = SampleStore.open(aDir)) {
            for (int i = 0; i < 6; i++) a.append(sample(i), i);
        }
        damageRecord(aDir, 1); // seq 2 of a's origin is lost
        try (SampleStore a = SampleStore.open(aDir); SampleStore b = SampleStore.open(dir.resolve("b"))) {
            assertEquals(5, sync(a, b, 2), "paging past each batch gets every sample past the gap");
            assertEquals(Map.of(a.origin(), 1L), b.contiguous());
            b.appendReplica(new Sample(a.origin(), 2, 1, sample(1), 0)); // say a third node had kept it
            assertEquals(1, sync(b, a, 2));
            assertEquals(Map.of(a.origin(), 6L), a.contiguous());
            assertEquals(7, a.append(sample(9), 9).sample().seq());
        }
    }

    @Test
    @DisplayName("samples() holds every stored sample once, in the order they were stored")
    void samplesInStoredOrder() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            store.appendReplica(replica(Y, 3));
            store.append(sample(42), 4);
            store.appendReplica(replica(X, 1));
            store.appendReplica(replica(Y, 3));
            LabeledImages images = store.samples();
            assertEquals(3, images.count());
            assertArrayEquals(new byte[] {3, 4, 1}, images.labels());
            assertArrayEquals(sample(42), Arrays.copyOfRange(images.pixels(), 784, 1568));
        }
    }
}
