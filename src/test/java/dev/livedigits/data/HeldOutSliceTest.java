package dev.livedigits.data;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldOutSliceTest {
    private static final UUID ORIGIN = UUID.fromString("3f1c9a2e-7b4d-4c1e-9f0a-2b6d8e4c7a15");

    @TempDir
    Path dir;

    /** Sample {@code seq}'s pixels: its seq written into the first bytes, so every sample is told apart by its image. */
    private static byte[] image(long seq) {
        byte[] pixels = new byte[Sample.PIXELS];
        ByteBuffer.wrap(pixels).putLong(seq);
        return pixels;
    }

    @Test
    @DisplayName("the slice is decided by identity alone: the same samples every time, pinned so the hash never changes")
    void stable() {
        int held = 0;
        for (long seq = 1; seq <= 1000; seq++) {
            boolean first = HeldOutSlice.isHeldOut(ORIGIN, seq);
            assertEquals(first, HeldOutSlice.isHeldOut(new UUID(ORIGIN.getMostSignificantBits(), ORIGIN.getLeastSignificantBits()), seq));
            if (first) held++;
        }
        // Changing the hash or its salt would re-deal every sample and put trained-on samples in the slice:
        // this number is what the rule gives today, and must stay.
        assertEquals(199, held);
    }

    @Test
    @DisplayName("about a fifth of every digit is held out; training gets the rest and never a held-out sample; a replica deals the same")
    void perDigitAndExcludedFromTraining() throws Exception {
        try (SampleStore store = SampleStore.open(dir.resolve("a")); SampleStore replica = SampleStore.open(dir.resolve("b"))) {
            // 400 samples, 40 per digit, under two origins as a cluster would hold them.
            for (long seq = 1; seq <= 200; seq++) {
                for (UUID origin : new UUID[] {ORIGIN, new UUID(7, 7)}) {
                    Sample s = new Sample(origin, seq, (int) (seq % 10), image(seq * 2 + (origin.equals(ORIGIN) ? 0 : 1)), 0);
                    store.appendReplica(s);
                    replica.appendReplica(s);
                }
            }
            LabeledImages held = HeldOutSlice.heldOut(store);
            LabeledImages training = HeldOutSlice.training(store);
            assertEquals(400, held.count() + training.count());
            int[] perDigit = held.labelCounts();
            for (int d = 0; d < 10; d++) {
                assertTrue(perDigit[d] >= 3 && perDigit[d] <= 16, "digit " + d + ": " + perDigit[d] + " of 40 held out");
            }
            Set<ByteBuffer> trainedOn = new HashSet<>();
            for (int i = 0; i < training.count(); i++) trainedOn.add(ByteBuffer.wrap(training.pixels(), training.offset(i), Sample.PIXELS).slice());
            for (int i = 0; i < held.count(); i++) {
                assertTrue(!trainedOn.contains(ByteBuffer.wrap(held.pixels(), held.offset(i), Sample.PIXELS).slice()), "held-out sample " + i + " is in training");
            }
            assertEquals(java.util.Arrays.toString(held.labels()), java.util.Arrays.toString(HeldOutSlice.heldOut(replica).labels()));
            assertEquals(java.util.Arrays.hashCode(held.pixels()), java.util.Arrays.hashCode(HeldOutSlice.heldOut(replica).pixels()),
                    "every node holds out the same samples");
            // A new sample does not move any earlier one across the line.
            store.append(image(9999), 3);
            LabeledImages after = HeldOutSlice.heldOut(store);
            assertTrue(after.count() == held.count() || after.count() == held.count() + 1);
            assertEquals(java.util.Arrays.hashCode(held.pixels()),
                    java.util.Arrays.hashCode(java.util.Arrays.copyOf(after.pixels(), held.pixels().length)));
        }
    }
}
