package dev.livedigits.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writing a file so that a crash leaves either no file (or the old one) or the complete new one, never a part. */
public final class DurableFiles {
    private DurableFiles() {
    }

    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Creates or replaces {@code target}: the content goes to a temp file of its own in the same directory
     * (so two writers never share one), is fsync'd, renamed over the target in one step, and the directory
     * is fsync'd so the rename itself survives a power cut.
     */
    public static void writeAtomically(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            // createTempFile makes the file owner-only; weights and samples are not secret, and another user
            // (the container's, a backup job) may need to read them.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(channel);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        writeAtomically(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
    }

    static void writeFully(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) channel.write(buf);
    }

    /** Renames {@code from} to {@code to}, refusing to replace an existing {@code to}, and makes the rename durable. */
    static void rename(Path from, Path to) throws IOException {
        Files.move(from, to);
        fsyncDirectory(to);
    }

    private static void fsyncDirectory(Path file) {
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Some platforms cannot open a directory for fsync; the rename itself is still atomic.
        }
    }
}
