package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.compaction.ResNetExperiment;
import io.github.dl4jpruning.benchmark.compaction.ResNetMeasurement;
import io.github.dl4jpruning.benchmark.data.MnistData;
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

    /**
     * Training images per epoch of a full run: a fixed random subset of MNIST's 60,000 (chosen once by the seed; DL4J's
     * iterator reshuffles only within it between epochs), the same for the dense network, the control and the pruned
     * one. The test set is always all 10,000 images.
     */
    public static final int TRAIN_SUBSET = 12_000;

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public String description() {
        return "a ResNet-style CNN with BN and a residual add: 50% of filters pruned, retrained, compacted, timed "
                + "(trains on a fixed subset of " + TRAIN_SUBSET + " MNIST images; tests on all 10,000)";
    }

    @Override
    public BenchmarkResults run(ScenarioContext context) {
        BenchmarkConfig config = context.config();
        DataSetIterator train = config.trainExamples() == 0
                ? MnistData.train(context.data(), config.batchSize(), TRAIN_SUBSET, config.seed()) : context.train();
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
