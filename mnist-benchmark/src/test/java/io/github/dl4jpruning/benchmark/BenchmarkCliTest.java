package io.github.dl4jpruning.benchmark;

import io.github.dl4jpruning.energy.EnergyTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BenchmarkCliTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchmarkCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void help_listsEveryOptionAndScenario() {
        Run r = run("--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--scenario", "--epochs", "--out", "--data-dir", "--seed", "--quick",
                "--batch-size", "seed, sweep, dense, compaction", "--retrain-epochs", "--seeds", "--threads");
    }

    @Test
    void help_listsTheEnergyTablesByName() {
        Run r = run("--help");

        assertThat(r.out().replaceAll("\\s+", " ")).contains("--energy-table", String.join(", ", EnergyTable.names()),
                "default: " + EnergyTable.DEFAULT);
    }

    @Test
    void unknownEnergyTable_listsTheKnownOnes_beforeAnyWork(@TempDir Path tmp) {
        Run r = run("--energy-table", "horowitz7nm-fp32", "--out", tmp.resolve("out").toString());

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(r.err()).contains("unknown energy table 'horowitz7nm-fp32'; expected one of " + EnergyTable.names());
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void unknownScenario_listsTheKnownOnes() {
        Run r = run("--scenario", "sparse");

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        // The registry's own list, so that a new scenario does not break this test.
        assertThat(r.err()).contains("unknown scenario 'sparse'; expected one of "
                + io.github.dl4jpruning.benchmark.scenario.Scenarios.names())
                .contains("[seed, sweep, dense, compaction, runtime, resnet, zoo]");
    }

    @Test
    void nonPositiveEpochs_isRejectedBeforeAnyWork() {
        Run r = run("--epochs", "0");

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(r.err()).contains("epochs must be > 0, got 0");
    }

    @Test
    void zeroThreads_isRejectedBeforeAnyWork() {
        Run r = run("--threads", "0");

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(r.err()).contains("threads must be >= 1, got 0");
    }

    /** After load only OpenMP regions and OpenBLAS can still be capped; libnd4j's pool is what the relaunch is for. */
    @Test
    void limitThreads_capsWhatLoadedNd4jHonours_andSaysWhenTheVariableDisagrees() {
        var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int ompBefore = ops.ompGetMaxThreads();
        int blasBefore = Nd4j.factory().blas().getMaxThreads();
        try {
            StringWriter unset = new StringWriter();
            BenchmarkCli.limitThreads(1, null, new PrintWriter(unset));
            assertThat(ops.ompGetMaxThreads()).isEqualTo(1);
            assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(1);
            assertThat(unset.toString()).contains("--threads 1 but OMP_NUM_THREADS=(unset)",
                    "Start the JVM with OMP_NUM_THREADS=1");

            StringWriter other = new StringWriter();
            BenchmarkCli.limitThreads(1, "2", new PrintWriter(other));
            assertThat(other.toString()).contains("OMP_NUM_THREADS=2");

            StringWriter same = new StringWriter();
            BenchmarkCli.limitThreads(1, " 1 ", new PrintWriter(same));
            assertThat(same.toString()).isEmpty();
        } finally {
            ops.setOmpNumThreads(ompBefore);
            Nd4j.factory().blas().setMaxThreads(blasBefore);
        }
    }

    @Test
    void outIsAFile_isRejectedBeforeAnyWork_inOneLine(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("results"), "not a directory");

        Run r = run("--out", file.toString(), "--data-dir", tmp.resolve("absent").toString());

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(r.err()).isEqualTo("error: --out " + file + ": is a file; expected a directory (it is created if "
                + "missing)" + System.lineSeparator());
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void outInADirectoryNobodyMayWrite_isRejectedBeforeAnyWork() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");

        Run readOnly = run("--out", "/proc/self");
        Run unwritableParent = run("--out", "/proc/dl4j-pruning-results/run1");

        assertThat(readOnly.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(readOnly.err()).startsWith("error: --out /proc/self: cannot write into the directory (")
                .hasLineCount(1);
        assertThat(unwritableParent.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(unwritableParent.err())
                .startsWith("error: --out /proc/dl4j-pruning-results/run1: cannot create the directory (")
                .hasLineCount(1);
    }

    @Test
    void outInAReadOnlyDirectory_isRejected(@TempDir Path tmp) throws IOException {
        Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
        assumeTrue(readOnly.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(readOnly), "root may write anywhere");

            Run r = run("--out", readOnly.toString());

            assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
            assertThat(r.err()).startsWith("error: --out " + readOnly + ": cannot write into the directory "
                    + "(permission denied)").hasLineCount(1);
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void dataDirThatIsMissingOrAFile_stopsTheRunBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("mnist.zip"), "zip");
        Path out = tmp.resolve("out");

        Run missing = run("--data-dir", tmp.resolve("mnist").toString(), "--out", out.toString());
        Run plainFile = run("--data-dir", file.toString(), "--out", out.toString());

        assertThat(missing.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(missing.err()).startsWith("error: --data-dir " + tmp.resolve("mnist") + ": no such directory")
                .hasLineCount(1);
        assertThat(plainFile.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(plainFile.err()).startsWith("error: --data-dir " + file + ": is a file; expected a directory")
                .hasLineCount(1);
        assertThat(out.resolve("benchmark.json")).doesNotExist();
    }

    @Test
    void dataDirLackingTheFiles_stopsTheRun_insteadOfTrainingOnAnotherSource(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("mnist"));
        Path out = tmp.resolve("out");

        Run r = run("--data-dir", empty.toString(), "--out", out.toString());

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(r.err()).startsWith("error: MNIST directory " + empty).contains("lacks [train-images-idx3-ubyte");
        assertThat(out.resolve("benchmark.json")).doesNotExist();
    }

    @Test
    void reportFrom_rewritesTheReportBesideAnExistingResultsFile(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("benchmark.json"), "{\"dense\": {\"accuracy\": 0.97, \"epochs\": 5}}");

        Run r = run("--report-from", tmp.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("wrote " + tmp.resolve("benchmark.md"));
        assertThat(Files.readString(tmp.resolve("benchmark.md"))).contains("## Dense baseline", "97.00");
    }

    @Test
    void reportFrom_withoutAResultsFile_namesThePathItLookedAt(@TempDir Path tmp) {
        Run r = run("--report-from", tmp.toString());

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(r.err()).contains("no results file at " + tmp.resolve("benchmark.json"));
        assertThat(tmp.resolve("benchmark.md")).doesNotExist();
    }
}
