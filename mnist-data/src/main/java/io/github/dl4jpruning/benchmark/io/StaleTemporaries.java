package io.github.dl4jpruning.benchmark.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes what a killed run ({@code kill -9}, power loss) left behind: files and directories named with this
 * benchmark's temporary patterns whose writer is gone. Nothing else is touched.
 *
 * <ul>
 *   <li>{@code .NAME.PID-N.tmp} ({@link AtomicFiles#tempBeside}) and {@code PREFIXPID-N} directories: stale when no
 *       process {@code PID} is alive (or it is a process started after the file was last written);</li>
 *   <li>{@code .NAME.DIGITS.tmp} and {@code PREFIXDIGITS}, the names of earlier versions ({@code Files.createTempFile}):
 *       stale when last written before this process started.</li>
 * </ul>
 *
 * <pre>{@code
 * StaleTemporaries.removeFiles(outDirectory, name -> true);
 * }</pre>
 */
public final class StaleTemporaries {

    /** The suffix of every temporary file. */
    static final String SUFFIX = ".tmp";

    private static final Logger log = LoggerFactory.getLogger(StaleTemporaries.class);
    private static final Pattern TEMP_FILE = Pattern.compile("\\.(.+)\\.(?:(\\d+)-\\d+|(\\d+))\\.tmp");
    private static final Pattern TEMP_DIR_TAIL = Pattern.compile("(?:(\\d+)-\\d+|(\\d+))");

    private StaleTemporaries() {
    }

    /**
     * Removes stale temporary files of the targets in {@code dir} whose names {@code targetName} accepts.
     *
     * @return the files removed (none if {@code dir} does not exist)
     */
    public static List<Path> removeFiles(Path dir, Predicate<String> targetName) {
        List<Path> removed = new ArrayList<>();
        for (Path p : list(dir)) {
            Matcher m = TEMP_FILE.matcher(p.getFileName().toString());
            if (m.matches() && targetName.test(m.group(1)) && Files.isRegularFile(p)
                    && stale(p, m.group(2), m.group(3))) {
                delete(p, removed);
            }
        }
        return removed;
    }

    /**
     * Removes stale temporary directories named {@code prefix + "PID-N"} (or {@code prefix + DIGITS}) in {@code dir},
     * with their content.
     *
     * @return the directories removed
     */
    public static List<Path> removeDirectories(Path dir, String prefix) {
        List<Path> removed = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (!name.startsWith(prefix) || !Files.isDirectory(p)) {
                continue;
            }
            Matcher m = TEMP_DIR_TAIL.matcher(name.substring(prefix.length()));
            if (m.matches() && stale(p, m.group(1), m.group(2))) {
                try (Stream<Path> tree = Files.walk(p)) {
                    tree.sorted(Comparator.reverseOrder()).forEach(f -> delete(f, new ArrayList<>()));
                } catch (IOException e) {
                    log.debug("Could not remove {}: {}", p, e.toString());
                }
                if (!Files.exists(p)) {
                    removed.add(p);
                    log.info("Removed {}, left by a stopped run", p);
                }
            }
        }
        return removed;
    }

    /** The name part that marks a temporary of this process: {@code PID-} followed by a sequence number. */
    public static String processTag() {
        return ProcessHandle.current().pid() + "-";
    }

    private static boolean stale(Path p, String pid, String legacyDigits) {
        try {
            Instant written = Files.getLastModifiedTime(p).toInstant();
            if (pid == null) {
                Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
                return written.isBefore(started);
            }
            long owner = Long.parseLong(pid);
            if (owner == ProcessHandle.current().pid()) {
                return false;
            }
            return ProcessHandle.of(owner)
                    .map(h -> h.info().startInstant().map(written::isBefore).orElse(false))
                    .orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static List<Path> list(Path dir) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            log.debug("Could not list {}: {}", dir, e.toString());
        }
        return entries;
    }

    private static void delete(Path p, List<Path> removed) {
        try {
            Files.delete(p);
            removed.add(p);
            if (p.getFileName().toString().endsWith(SUFFIX)) {
                log.info("Removed {}, left by a stopped run", p);
            }
        } catch (NoSuchFileException gone) {
            // Removed meanwhile by another run.
        } catch (IOException e) {
            log.warn("Could not remove the leftover {}: {}", p, e.toString());
        }
    }
}
