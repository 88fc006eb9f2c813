package io.github.dl4jpruning.benchmark.scenario;

import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.harness.Training;
import io.github.dl4jpruning.benchmark.results.DenseResult;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;


/** The unpruned baseline: trains 784-128-10 and evaluates it on the test set. */
public final class DenseScenario implements Scenario {

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public String description() {
        return "train and evaluate the unpruned 784-128-10 baseline";
    }

    @Override
    public BenchmarkResults run(ScenarioContext context) {
        return BenchmarkResults.builder().dense(train(context)).build();
    }

    /** Trains and evaluates the baseline; reusable by scenarios that compare against it. */
    public DenseResult train(ScenarioContext context) {
        BenchmarkConfig config = context.config();
        int trainN = context.trainCount();
        int testN = context.testCount();
        DataSetIterator train = context.train();
        DataSetIterator test = context.test();

        MultiLayerNetwork net = MnistMlp.build(config.seed());
        double trainSeconds = Training.fit(net, train, config.epochs(), trainN, context.console());
        long start = System.nanoTime();
        Evaluation eval = net.evaluate(test);
        double evalSeconds = (System.nanoTime() - start) / 1e9;
        return new DenseResult(eval.accuracy(), config.epochs(), trainSeconds, evalSeconds, trainN, testN,
                net.numParams(), net.score());
    }
}
