package io.github.dl4jpruning.benchmark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.github.dl4jpruning.benchmark.OmpRelaunch.Decision.RELAUNCH;
import static io.github.dl4jpruning.benchmark.OmpRelaunch.Decision.RUN_HERE;
import static io.github.dl4jpruning.benchmark.OmpRelaunch.Decision.RUN_HERE_MISMATCHED;
import static org.assertj.core.api.Assertions.assertThat;

class OmpRelaunchTest {

    @Test
    void decide_relaunchesOnlyWhenTheVariableDisagrees_andNeverTwice() {
        assertThat(OmpRelaunch.decide(1, "1", null)).isEqualTo(RUN_HERE);
        assertThat(OmpRelaunch.decide(1, " 1 ", null)).isEqualTo(RUN_HERE);
        assertThat(OmpRelaunch.decide(2, "2", "4242")).isEqualTo(RUN_HERE);
        assertThat(OmpRelaunch.decide(1, null, null)).isEqualTo(RELAUNCH);
        assertThat(OmpRelaunch.decide(1, "2", null)).isEqualTo(RELAUNCH);
        assertThat(OmpRelaunch.decide(4, "", " ")).isEqualTo(RELAUNCH);
        assertThat(OmpRelaunch.decide(1, "2", "4242")).isEqualTo(RUN_HERE_MISMATCHED);
        assertThat(OmpRelaunch.decide(1, null, "4242")).isEqualTo(RUN_HERE_MISMATCHED);
    }

    @Test
    void command_keepsJavaOptionsClassPathMainClassAndArguments() {
        List<String> command = OmpRelaunch.command("/jdk/bin/java", List.of("-Xmx6g", "-Dx=y"), "a.jar:lib/b.jar",
                "io.Main", List.of("--scenario", "seed", "--out", "dir with space"));

        assertThat(command).containsExactly("/jdk/bin/java", "-Xmx6g", "-Dx=y", "-cp", "a.jar:lib/b.jar", "io.Main",
                "--scenario", "seed", "--out", "dir with space");
    }

    /** The real thing: a JVM started without OMP_NUM_THREADS restarts itself, and ND4J in the child uses one thread. */
    @Test
    void jvmWithoutTheVariable_restartsItself_andNd4jThenUsesOneThread() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ThreadsProbe.class.getName(), "1").redirectErrorStream(true);
        builder.environment().remove(OmpRelaunch.VARIABLE);
        builder.environment().remove(OmpRelaunch.MARKER);
        Process parent = builder.start();

        String output = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = parent.waitFor();

        assertThat(output).contains("note: restarting the JVM with OMP_NUM_THREADS=1 (was unset)")
                .contains("maxThreads=1 relaunchedBy=" + parent.pid());
        assertThat(exit).as("the child's exit code, forwarded; output:%n%s", output).isEqualTo(7);
    }
}
