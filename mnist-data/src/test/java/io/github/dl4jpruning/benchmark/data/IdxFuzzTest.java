package io.github.dl4jpruning.benchmark.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.benchmark.data.IdxMutations.Case;
import io.github.dl4jpruning.benchmark.data.IdxMutations.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault campaign of issue 13: at least 1,000 mutated IDX files through the code the provisioner and the in-memory
 * loader validate with ({@link IdxHeader#read}, {@link IdxFiles#check}, {@link MnistProvisioner#provision}). Each case
 * must end exactly as an independent parser of the bytes predicts: success with the right counts for a valid file, the
 * documented exception otherwise ({@link InvalidMnistDataException}, {@link IOException} where declared, and
 * {@link MnistUnavailableException} when the file is not there to use), never an {@link Error}, another runtime
 * exception or a hang, and the file must be left unchanged. Prints
 * {@code FAULT-CAMPAIGN idx: tried=.. documented=.. other=..}.
 */
@Tag("campaign")
class IdxFuzzTest {

    static final int CASES = 1_200;

    @TempDir
    Path tmp;

    private ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "idx-fuzz");
            t.setDaemon(true);
            return t;
        });
    }

    /** How each stage ended, over all cases: "stage: outcome" to count. */
    private final Map<String, Integer> outcomes = new TreeMap<>();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void everyMutatedIdxFileEndsInTheDocumentedOutcomeAndIsLeftUnchanged() throws Exception {
        List<Case> corpus = IdxMutations.corpus(2026_12_02L, CASES);
        List<String> other = new ArrayList<>();
        int i = 0;
        for (Case c : corpus) {
            String problem = run(c, tmp.resolve("case" + i++));
            if (problem != null) {
                other.add(c.role() + " " + c.name() + ": " + problem);
            }
        }
        System.out.printf("FAULT-CAMPAIGN idx: tried=%d documented=%d other=%d%n", corpus.size(),
                corpus.size() - other.size(), other.size());
        System.out.println("FAULT-CAMPAIGN idx outcomes: " + outcomes);
        other.stream().limit(20).forEach(o -> System.out.println("FAULT-CAMPAIGN idx finding: " + o));
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1_000);
        assertThat(other).isEmpty();
    }

    /** Runs one case through the three stages; returns what went wrong, or {@code null}. */
    private String run(Case c, Path dir) throws Exception {
        Path user = IdxTestFiles.writeDataset(dir.resolve("user"), IdxMutations.TRAIN, IdxMutations.TEST);
        Path file = user.resolve(c.role().fileName());
        Files.delete(file);
        place(c, file, dir);
        Snapshot before = Snapshot.of(file);
        Expected expected = expect(c);

        String problem = stage("IdxHeader.read", file, () -> IdxHeader.read(file), h -> {
            IdxHeader e = expected.header;
            return e != null && h.equals(e) && h.expectedLength() == expected.headerLength ? null
                    : "read " + h + " (expectedLength " + h.expectedLength() + "), expected "
                    + (e == null ? "a rejection" : e + " (expectedLength " + expected.headerLength + ")");
        }, expected.header != null, true);
        if (problem == null) {
            problem = stage("IdxFiles.check", file, () -> IdxFiles.check(c.role(), file),
                    h -> expected.count >= 0 && h.count() == expected.count ? null
                            : "accepted with count " + h.count() + ", expected " + expected.describe(),
                    expected.count >= 0, true);
        }
        if (problem == null) {
            MnistProvisioner p = MnistProvisioner.builder().userDirectory(user).dl4jDirectory(dir.resolve("dl4j"))
                    .archiveFetcher(null).downloader(null).build();
            boolean usable = expected.count == (c.role().isTrain() ? IdxMutations.TRAIN : IdxMutations.TEST);
            problem = stage("MnistProvisioner.provision", file, p::provision,
                    f -> usable && f.trainCount() == IdxMutations.TRAIN && f.testCount() == IdxMutations.TEST
                            && f.directory().equals(user) ? null : "provisioned " + f + ", expected a rejection",
                    usable, false);
        }
        if (problem == null && !Snapshot.of(file).equals(before)) {
            problem = "the file changed";
        }
        if (c.kind() == Kind.FIFO) {
            Files.deleteIfExists(file);
        }
        return problem;
    }

    private interface Verdict<T> {
        String check(T result);
    }

    /**
     * One stage: success is checked with {@code verdict}; an exception is documented if it is
     * {@link InvalidMnistDataException}, {@link MnistUnavailableException} (provisioner) or {@link IOException} (where
     * declared) and success was not expected.
     */
    private <T> String stage(String what, Path file, Callable<T> call, Verdict<T> verdict, boolean successExpected,
                             boolean ioDeclared) throws Exception {
        Future<T> f = worker.submit(call);
        try {
            T result = f.get(20, TimeUnit.SECONDS);
            outcomes.merge(what + ": success", 1, Integer::sum);
            String v = verdict.check(result);
            return v == null ? null : what + ": " + v;
        } catch (TimeoutException e) {
            outcomes.merge(what + ": hang", 1, Integer::sum);
            unblock(file);
            worker.shutdownNow(); // a thread still stuck must not hold up the next case
            worker = newWorker();
            return what + ": still running after 20 s";
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            outcomes.merge(what + ": " + t.getClass().getSimpleName(), 1, Integer::sum);
            boolean documented = t instanceof InvalidMnistDataException
                    || (t instanceof MnistUnavailableException && !ioDeclared)
                    || (t instanceof IOException && ioDeclared);
            if (!documented) {
                return what + ": undocumented " + t;
            }
            return successExpected ? what + ": rejected a valid file: " + t.getMessage() : null;
        }
    }

    /**
     * Opens a named pipe for writing and closes it, so a reader blocked on it sees the end of the file. In a daemon
     * thread given 5 s: with no reader left, opening a pipe for writing blocks too.
     */
    private static void unblock(Path file) throws InterruptedException {
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
            Thread t = new Thread(() -> {
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                    out.flush();
                } catch (IOException ignored) {
                    // nothing else to unblock
                }
            }, "idx-fuzz-unblock");
            t.setDaemon(true);
            t.start();
            t.join(5_000);
        }
    }

    private static void place(Case c, Path file, Path dir) throws IOException, InterruptedException {
        Path valid = Files.write(dir.resolve("valid-" + c.role().fileName()), IdxMutations.valid(c.role()));
        switch (c.kind()) {
            case BYTES -> Files.write(file, c.bytes());
            case DIRECTORY -> Files.createDirectory(file);
            case SYMLINK_TO_VALID -> Files.createSymbolicLink(file, valid);
            case SYMLINK_DANGLING -> Files.createSymbolicLink(file, dir.resolve("nowhere"));
            case SYMLINK_LOOP -> Files.createSymbolicLink(file, file);
            case SYMLINK_TO_DIRECTORY -> Files.createSymbolicLink(file, dir);
            case FIFO -> {
                Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
                assertThat(p.waitFor()).as("mkfifo").isZero();
            }
        }
        if (c.kind() == Kind.BYTES) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000_000L));
        }
    }

    /** What an independent parser of the bytes predicts. */
    private record Expected(IdxHeader header, long headerLength, int count) {
        String describe() {
            return count >= 0 ? count + " examples" : "a rejection";
        }
    }

    private static Expected expect(Case c) throws IOException {
        byte[] b = switch (c.kind()) {
            case BYTES -> c.bytes();
            case SYMLINK_TO_VALID -> IdxMutations.valid(c.role());
            default -> null;
        };
        if (b == null || b.length < 8) {
            return new Expected(null, -1, -1);
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int magic = buf.getInt(0);
        int count = buf.getInt(4);
        boolean images = magic == IdxHeader.IMAGES_MAGIC;
        if ((!images && magic != IdxHeader.LABELS_MAGIC) || (images && b.length < 16)) {
            return new Expected(null, -1, -1);
        }
        int rows = images ? buf.getInt(8) : 0;
        int cols = images ? buf.getInt(12) : 0;
        if (count < 0 || rows < 0 || cols < 0) {
            return new Expected(null, -1, -1);
        }
        BigInteger exact = BigInteger.valueOf(count).multiply(BigInteger.valueOf(images ? (long) rows * cols : 1))
                .add(BigInteger.valueOf(images ? 16 : 8));
        long length = exact.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        IdxHeader header = new IdxHeader(magic, count, rows, cols);
        boolean valid = images == c.role().isImages() && (!images || (rows == 28 && cols == 28))
                && exact.equals(BigInteger.valueOf(b.length));
        for (int i = 8; valid && !images && i < b.length; i++) {
            valid = (b[i] & 0xFF) < 10;
        }
        return new Expected(header, length, valid ? count : -1);
    }

    /** A path's state: link target, content and modification time (without following a symlink's own time). */
    private record Snapshot(String link, byte[] content, FileTime mtime) {
        static Snapshot of(Path p) throws IOException {
            String link = Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString() : null;
            byte[] content = Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            FileTime mtime = Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                    ? Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS) : null;
            return new Snapshot(link, content, mtime);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && java.util.Objects.equals(link, s.link)
                    && java.util.Arrays.equals(content, s.content) && java.util.Objects.equals(mtime, s.mtime);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(link, java.util.Arrays.hashCode(content), mtime);
        }
    }
}
