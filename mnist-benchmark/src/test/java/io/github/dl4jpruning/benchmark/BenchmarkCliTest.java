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
                "--batch-size", "seed, sweep, dense", "--retrain-epochs", "--seeds");
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
}
