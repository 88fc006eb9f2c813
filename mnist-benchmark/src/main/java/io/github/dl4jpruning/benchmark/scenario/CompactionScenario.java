package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.compaction.CompactionExperiment;
import io.github.dl4jpruning.benchmark.compaction.CompactionMeasurement;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The {@link CompactionExperiment} alone, with its defaults (80% of the hidden neurons in 2 steps, 2 retraining
 * epochs): trains the dense network for {@code --epochs}, prunes, compacts and measures the two side by side. The
 * sweep runs the same experiment on its first dense network; {@code --quick} uses the sweep's quick settings.
 */
public final class CompactionScenario implements Scenario {

    @Override
    public String name() {
        return "compaction";
    }

    @Override
    public String description() {
        return "structured pruning compacted into a smaller network: MACs, accuracy and latency side by side";
    }

    @Override
    public BenchmarkResults run(ScenarioContext context) {
        BenchmarkConfig config = context.config();
        DataSetIterator train = context.train();
        DataSetIterator test = context.test();

        CompactionExperiment.Builder experiment = CompactionExperiment.builder().seed(config.seed())
                .denseEpochs(config.epochs());
        if (config.quick()) {
            experiment.retrainEpochs(1).pruneSteps(1).warmupCalls(20).latencySamples(31);
        }
        CompactionMeasurement measured = experiment.build().run(train, test);
        context.console().println(measured.toMarkdown());
        return BenchmarkResults.builder().compaction(measured).build();
    }
}
