package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.compaction.ResNetExperiment;
import io.github.dl4jpruning.benchmark.compaction.ResNetMeasurement;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The {@link ResNetExperiment}: a small ResNet-style CNN with BatchNormalization and a residual add, trained on MNIST
 * for {@code --epochs}, half of its filters pruned structurally and retrained for {@code --retrain-epochs}, compacted,
 * and measured against its dense same-epochs control. {@code --quick} (6000 training examples, 1 epoch, 1 retraining
 * epoch, fewer latency samples) finishes in about a minute.
 */
public final class ResNetScenario implements Scenario {

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public String description() {
        return "a ResNet-style CNN with BN and a residual add: 50% of filters pruned, retrained, compacted, timed";
    }

    @Override
    public BenchmarkResults run(ScenarioContext context) {
        BenchmarkConfig config = context.config();
        DataSetIterator train = context.train();
        DataSetIterator test = context.test();

        ResNetExperiment.Builder experiment = ResNetExperiment.builder().seed(config.seed())
                .denseEpochs(config.epochs()).retrainEpochs(Math.max(1, config.retrainEpochs()));
        if (config.quick()) {
            experiment.retrainEpochs(1).warmupCalls(20).latencySamples(31);
        }
        ResNetMeasurement measured = experiment.build().run(train, test);
        context.console().println(measured.toMarkdown());
        return BenchmarkResults.builder().resnet(measured).build();
    }
}
