package dev.livedigits.data;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SampleStoreTest {
    @TempDir
    Path dir;

    private static byte[] sample(int seed) {
        byte[] b = new byte[784];
        for (int i = 0; i < 784; i++) b[i] = (byte) ((i * 31 + seed * 7) % 256);
        return b;
    }

    @Test
    @DisplayName("labelled samples survive closing and reopening, with counts per digit")
    void survivesRestart() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(1, store.append(sample(1), 3));
            assertEquals(2, store.append(sample(2), 3));
            assertEquals(1, store.append(sample(3), 7));
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertArrayEquals(new int[] {0, 0, 0, 2, 0, 0, 0, 1, 0, 0}, store.countsPerDigit());
            LabeledImages all = store.samples();
            assertEquals(3, all.count());
            assertEquals(7, all.label(2));
            assertArrayEquals(sample(2), java.util.Arrays.copyOfRange(all.pixels(), 784, 1568));
            assertEquals(0, store.tornBytes());
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
            assertEquals(1, store.append(sample(3), 2), "the next append lands on a record boundary");
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(0, store.tornBytes());
            assertEquals(0, store.skippedCorrupt());
            assertArrayEquals(new int[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 0}, store.countsPerDigit());
            assertArrayEquals(sample(3), java.util.Arrays.copyOfRange(store.samples().pixels(), 784, 1568));
        }
    }

    @Test
    @DisplayName("a damaged record in the middle is skipped without disturbing its neighbours")
    void corruptRecordSkipped() throws Exception {
        try (SampleStore store = SampleStore.open(dir)) {
            for (int i = 0; i < 3; i++) store.append(sample(i), i);
        }
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(SampleStore.FILE_NAME).toFile(), "rw")) {
            raf.seek(SampleStore.RECORD + 400);
            raf.write(raf.read() ^ 0x10);
        }
        try (SampleStore store = SampleStore.open(dir)) {
            assertEquals(1, store.skippedCorrupt());
            assertArrayEquals(new int[] {1, 0, 1, 0, 0, 0, 0, 0, 0, 0}, store.countsPerDigit());
            assertEquals(2, store.samples().count());
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
            assertArrayEquals(sample(4), java.util.Arrays.copyOf(back.pixels(), 784));
            assertThrows(IllegalArgumentException.class, () -> store.append(new byte[10], 1));
            assertThrows(IllegalArgumentException.class, () -> store.append(sample(1), 10));
        }
    }
}
