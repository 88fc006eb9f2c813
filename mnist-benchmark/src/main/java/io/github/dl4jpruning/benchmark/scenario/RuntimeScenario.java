package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.compaction.RuntimeExperiment;
import io.github.dl4jpruning.benchmark.compaction.RuntimeMeasurement;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import java.util.Locale;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * {@code --scenario runtime}: the {@link RuntimeExperiment}, DL4J's {@code output()} against the plain-Java runtime
 * on a 90% sparse 784-128-10, the compacted 784-26-10 and a LeNet-style CNN with half its filters removed, trained
 * on {@code --train-examples} MNIST images ({@code --quick}: 6,000, and few latency samples). Writes the
 * {@code runtime} block.
 */
public final class RuntimeScenario implements Scenario {

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public String description() {
        return "latency of DL4J against the plain-Java runtime (sparse, compacted, LeNet), batch 1 and 128";
    }

    @Override
    public BenchmarkResults run(ScenarioContext context) {
        BenchmarkConfig config = context.config();
        int trainN = context.trainCount();
        DataSetIterator train = context.train();
        DataSetIterator test = context.test();
        RuntimeMeasurement m = new RuntimeExperiment(config.seed(), config.epochs(), config.quick())
                .run(train, test, trainN);
        context.console().printf(Locale.ROOT, "runtime: sparse90 batch 1 %.2fx DL4J (target >= 5), compacted batch 1 "
                        + "%.2fx DL4J (>= 4), batch 128 worst ratio %.3f (<= 1.10), LeNet %.2f of its MAC ratio "
                        + "(>= 0.8), sparse vs own dense %.2fx (> 1), max |diff| %.2g%n",
                m.sparse90Batch1SpeedupVsDl4j(), m.compactBatch1SpeedupVsDl4j(), m.batch128RatioVsDl4j(),
                m.lenetSpeedupOverMacRatio(), m.sparse90VsRuntimeDenseBatch1(), m.maxAbsOutputDiff());
        return BenchmarkResults.builder().runtime(m).build();
    }
}
