package io.github.dl4jpruning.benchmark.progress;

import io.github.dl4jpruning.benchmark.model.MnistMlp;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleProgressListenerTest {

    private static MultiLayerNetwork model;

    @BeforeAll
    static void model() {
        model = MnistMlp.build(1);
    }

    /** Simulates {@code epochs x iterations} minibatches, each taking one second. */
    private static String simulate(boolean interactive, int epochs, int iterations) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ConsoleProgressListener listener = new ConsoleProgressListener(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), epochs, iterations, interactive, 10, clock::get);
        for (int e = 0; e < epochs; e++) {
            listener.onEpochStart(model);
            for (int i = 0; i < iterations; i++) {
                clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
                listener.iterationDone(model, e * iterations + i, e);
            }
            listener.onEpochEnd(model);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainMode_printsALineEveryIntervalAndAtEpochEnd_withoutCarriageReturns() {
        String out = simulate(false, 2, 50);

        assertThat(out).doesNotContain("\r");
        // 100 s of training, one line per 10 s plus one per epoch end (the 50 s and 100 s ones coincide).
        assertThat(out.lines()).hasSize(12);
        assertThat(out.lines().toList().get(11))
                .startsWith("epoch 2/2 | iter 50/50 | 100.0% | loss ")
                .endsWith("| elapsed 1:40 | ETA 0:00");
    }

    @Test
    void plainMode_reportsEpochIterationPercentageAndEta() {
        String out = simulate(false, 2, 50);

        assertThat(out.lines().toList().get(0))
                .isEqualTo("epoch 1/2 | iter 10/50 |  10.0% | loss 0.0000 | elapsed 0:10 | ETA 1:30");
    }

    @Test
    void interactiveMode_redrawsOneLinePerEpoch() {
        String out = simulate(true, 2, 50);

        assertThat(out).contains("\r[");
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(2);
        assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(102); // one redraw per minibatch (1 s apart) and one per epoch end
        assertThat(out).contains("[########################] epoch 2/2 | iter 50/50 | 100.0%");
    }

    @Test
    void invalidArguments_nameTheValue() {
        assertThatThrownBy(() -> new ConsoleProgressListener(System.out, 0, 1, false, 10, System::nanoTime))
                .hasMessage("epochs must be > 0, got 0");
        assertThatThrownBy(() -> new ConsoleProgressListener(System.out, 1, -3, false, 10, System::nanoTime))
                .hasMessage("iterationsPerEpoch must be > 0, got -3");
    }
}
