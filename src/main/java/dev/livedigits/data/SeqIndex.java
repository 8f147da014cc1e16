package dev.livedigits.data;

import java.util.Arrays;

/**
 * The seqs of one origin present in a store, each with the number of the record holding it.
 *
 * <p>Two parallel sorted arrays, 12 bytes a sample, rather than a set of boxed longs: a store may hold
 * a million samples. Seqs of one origin almost always arrive in increasing order (local appends, and
 * replicas sent in seq order), so an add is an append; an out-of-order one shifts the tail. Unlike a
 * bitset over seq, a stray huge seq from a peer costs 12 bytes, not gigabytes.
 */
final class SeqIndex {
    private long[] seqs = new long[16];
    private int[] records = new int[16];
    private int size;

    int size() {
        return size;
    }

    boolean contains(long seq) {
        return Arrays.binarySearch(seqs, 0, size, seq) >= 0;
    }

    /** Adds {@code seq}, stored in record number {@code record}; false (and nothing changes) if it is present. */
    boolean add(long seq, int record) {
        int at = size > 0 && seq > seqs[size - 1] ? size : Arrays.binarySearch(seqs, 0, size, seq);
        if (at >= 0 && at < size) return false;
        int insert = at == size ? size : -at - 1;
        if (size == seqs.length) {
            int grown = size + (size >> 1);
            seqs = Arrays.copyOf(seqs, grown);
            records = Arrays.copyOf(records, grown);
        }
        System.arraycopy(seqs, insert, seqs, insert + 1, size - insert);
        System.arraycopy(records, insert, records, insert + 1, size - insert);
        seqs[insert] = seq;
        records[insert] = record;
        size++;
        return true;
    }

    /** The highest seq present, 0 if none. */
    long highest() {
        return size == 0 ? 0 : seqs[size - 1];
    }

    /** The largest n such that 1..n are all present. */
    long contiguous() {
        // Sorted, distinct and at least 1, so seqs[i] >= i + 1, with equality exactly over the gap-free prefix.
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (seqs[mid] == mid + 1) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The position of the first seq greater than {@code seq}; {@link #size()} if none. */
    int firstAbove(long seq) {
        int at = Arrays.binarySearch(seqs, 0, size, seq);
        return at >= 0 ? at + 1 : -at - 1;
    }

    int recordAt(int position) {
        return records[position];
    }
}
