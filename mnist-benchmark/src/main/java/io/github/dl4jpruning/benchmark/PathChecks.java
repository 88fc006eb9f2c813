package io.github.dl4jpruning.benchmark;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the directories named on the command line before any work (provisioning, training), so that a mistake costs
 * a one-line message instead of a whole run.
 */
final class PathChecks {

    private PathChecks() {
    }

    /**
     * Checks that {@code out} is, or can be made, a directory this process can create files in: creates it (and its
     * parents) if needed and writes and removes a probe file, which is the only test that also holds for root,
     * read-only mounts and ACLs.
     *
     * @return the problem, or empty if results can be written there
     */
    static Optional<String> checkOut(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            return Optional.of("--out " + out + ": is a file; expected a directory (it is created if missing)");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            return Optional.of("--out " + out + ": cannot create the directory (" + reason(e) + ")");
        }
        Path probe = out.resolve(".write-check." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("--out " + out + ": cannot write into the directory (" + reason(e) + ")");
        }
    }

    /**
     * Checks that a directory named with {@code --data-dir} exists and is a directory.
     *
     * @return the problem, or empty if it is a directory
     */
    static Optional<String> checkDataDir(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return Optional.of("--data-dir " + dataDir + ": no such directory; expected a directory holding the four "
                    + "MNIST IDX files (leave the option out to provision MNIST automatically)");
        }
        if (!Files.isDirectory(dataDir)) {
            return Optional.of("--data-dir " + dataDir + ": is a file; expected a directory holding the four MNIST "
                    + "IDX files");
        }
        return Optional.empty();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the file system does not allow it here";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "a file is in the way: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.toString();
    }
}
