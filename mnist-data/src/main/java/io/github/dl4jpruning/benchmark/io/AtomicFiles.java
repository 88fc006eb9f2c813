package io.github.dl4jpruning.benchmark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the target's directory,
 * which is then renamed (or hard-linked) into place. A failed write leaves no file behind.
 */
public final class AtomicFiles {

    /** Writes the content of a file; may throw, in which case nothing is installed. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target}, replacing an older version atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code target} with {@code writer}, replacing an older version atomically. */
    public static void write(Path target, Writer writer) throws IOException {
        Path temp = tempBeside(target);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Installs a finished temporary file at {@code target} without ever replacing an existing file: a hard link is
     * created (atomic and fails if the target exists), then the temporary name is removed. Where hard links are not
     * supported it falls back to an atomic rename after checking that the target is absent.
     *
     * @throws FileAlreadyExistsException if {@code target} exists; {@code temp} is then left for the caller to delete
     */
    public static void installNoReplace(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            Files.delete(temp);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw e;
            }
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * A new empty temporary file in {@code target}'s directory, named {@code .NAME.PID-N.tmp} after it and this process,
     * so that {@link StaleTemporaries} can tell a leftover of a killed process from a file being written. It is created
     * like any other file, so its permissions (and those of the file it becomes) follow the user's umask, unlike
     * {@link Files#createTempFile}, which makes it readable by the owner only.
     */
    public static Path tempBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + "-";
        while (true) {
            Path temp = dir.resolve(prefix + SEQUENCE.incrementAndGet() + StaleTemporaries.SUFFIX);
            try {
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException taken) {
                // Left by an earlier process with the same id: take the next number.
            }
        }
    }

    /** Copies a stream into a temporary file beside {@code target}; the caller installs or deletes it. */
    public static Path copyToTempBeside(InputStream in, Path target) throws IOException {
        Path temp = tempBeside(target);
        try {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
