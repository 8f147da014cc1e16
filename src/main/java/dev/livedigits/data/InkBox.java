package dev.livedigits.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bounding box of the non-zero pixels of a square frame, and whether any pixel reaches
 * {@link Normalizer#INK_THRESHOLD}. Mutable scratch for one thread: {@link #find} fills the fields.
 *
 * <p>Scans eight pixels at a time with long ORs: JDK 17 does not vectorize a byte loop at an offset, and
 * this scan is the one step that touches every pixel of a large frame. Each row's last eight columns are
 * read as one extra word overlapping the previous one, so no side needs a tail loop.
 */
final class InkBox {

    /** Eight bytes at a time, in the order they lie in the array. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** A byte is ≥ the threshold iff it has one of these bits, because the threshold is a power of two. */
    private static final long STRONG_BITS = 0x0101010101010101L * (~(Normalizer.INK_THRESHOLD - 1) & 0xff);

    static {
        if (Integer.bitCount(Normalizer.INK_THRESHOLD) != 1) {
            throw new AssertionError("STRONG_BITS needs a power-of-two INK_THRESHOLD");
        }
    }

    /** OR of each 8-column group over all rows; the last group is the frame's last 8 columns. */
    private final long[] columnInk;

    int top;
    int bottom;
    int left;
    int right;
    /** Some pixel is ≥ {@link Normalizer#INK_THRESHOLD}. */
    boolean reachesThreshold;

    InkBox(int maxSide) {
        columnInk = new long[maxSide / 8 + 1];
    }

    /**
     * Scans {@code side × side} bytes (side ≥ 8) at {@code offset}.
     *
     * @return false if every pixel is zero (the fields are then meaningless)
     */
    boolean find(byte[] frame, int offset, int side) {
        int words = side >>> 3;
        int lastWord = side - 8;
        long[] columns = columnInk;
        Arrays.fill(columns, 0, words + 1, 0L);
        top = -1;
        long seen = 0;
        for (int y = 0; y < side; y++) {
            int row = offset + y * side;
            long any = 0;
            for (int k = 0; k < words; k++) {
                long v = (long) LONGS.get(frame, row + (k << 3));
                any |= v;
                columns[k] |= v;
            }
            long tail = (long) LONGS.get(frame, row + lastWord);
            any |= tail;
            columns[words] |= tail;
            if (any != 0) {
                if (top < 0) {
                    top = y;
                }
                bottom = y;
                seen |= any;
            }
        }
        reachesThreshold = (seen & STRONG_BITS) != 0;
        if (top < 0) {
            return false;
        }
        // Little-endian: the byte for column 8k + j is bits 8j..8j+7 of word k.
        left = lastWord + (Long.numberOfTrailingZeros(columns[words]) >>> 3);
        for (int k = 0; k < words; k++) {
            if (columns[k] != 0) {
                left = (k << 3) + (Long.numberOfTrailingZeros(columns[k]) >>> 3);
                break;
            }
        }
        if (columns[words] != 0) {
            right = lastWord + 7 - (Long.numberOfLeadingZeros(columns[words]) >>> 3);
        } else {
            for (int k = words - 1; k >= 0; k--) {
                if (columns[k] != 0) {
                    right = (k << 3) + 7 - (Long.numberOfLeadingZeros(columns[k]) >>> 3);
                    break;
                }
            }
        }
        return true;
    }
}
