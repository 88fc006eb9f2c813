package io.github.dl4jpruning.benchmark;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

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
                "--batch-size", "seed, sweep, dense", "--retrain-epochs", "--seeds", "--threads");
    }

    @Test
    void unknownScenario_listsTheKnownOnes() {
        Run r = run("--scenario", "sparse");

        assertThat(r.exit()).isEqualTo(BenchmarkCli.EXIT_USER_ERROR);
        assertThat(r.err()).contains("unknown scenario 'sparse'; expected one of [seed, sweep, dense]");
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

    @Test
    void threads_capNd4jAndSayWhenOmpNumThreadsDisagrees() {
        int before = org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads();
        try {
            StringWriter unset = new StringWriter();
            BenchmarkCli.limitThreads(1, null, new PrintWriter(unset));
            assertThat(org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads()).isEqualTo(1);
            assertThat(unset.toString()).contains("OMP_NUM_THREADS=(unset)", "OMP_NUM_THREADS=1 for the fastest");

            StringWriter other = new StringWriter();
            BenchmarkCli.limitThreads(1, "2", new PrintWriter(other));
            assertThat(other.toString()).contains("OMP_NUM_THREADS=2");

            StringWriter same = new StringWriter();
            BenchmarkCli.limitThreads(1, " 1 ", new PrintWriter(same));
            assertThat(same.toString()).isEmpty();
        } finally {
            BenchmarkCli.limitThreads(before, String.valueOf(before), new PrintWriter(new StringWriter()));
        }
    }
}
