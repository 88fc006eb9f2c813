package io.github.dl4jpruning.examples;

import io.github.dl4jpruning.benchmark.model.MnistLeNet;
import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import io.github.dl4jpruning.benchmark.data.MnistData;
import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.compact.LayerCompaction;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Filter pruning of a convolutional network: a LeNet-5-style CNN on MNIST (conv 5x5 x6, max-pool, conv 5x5 x16,
 * max-pool, dense 120, softmax 10), fed the flat MNIST rows through {@code InputType.convolutionalFlat(28, 28, 1)}.
 * {@code Granularity.NEURONS} removes whole filters of the convolutions (and whole neurons of the dense layer): half
 * of each, energy-aware, one retraining epoch with the callback holding the masks, then the {@link Compactor} builds
 * the smaller network (3 and 8 filters, 60 neurons), shrinking the next layer's input channels and the flattened
 * input of the dense layer. It prints filters and MACs per layer before and after, accuracies, the largest output
 * difference, and the latency ratio (batch 1 and 128).
 *
 * <p>Run: {@code java -cp ... io.github.dl4jpruning.examples.LeNetFilterPruning [--quick]}; {@code --quick} uses
 * 2,000 training and 1,000 test images and one epoch each of training and retraining (two dense epochs otherwise).
 */
public final class LeNetFilterPruning {

    /** Fraction of the filters (and dense neurons) removed in each layer. */
    static final double FILTER_SPARSITY = 0.5;
    /** The flat MNIST rows, seen as one 28 x 28 channel. */
    static final InputType INPUT = MnistLeNet.INPUT;

    private LeNetFilterPruning() {
    }

    /**
     * What the example measured.
     *
     * @param accuracyDense     test accuracy before pruning
     * @param accuracyPruned    right after pruning, before retraining
     * @param accuracyMasked    the masked network after retraining
     * @param accuracyCompacted the compacted network
     * @param maxAbsOutputDiff  max |masked - compacted| over the test set
     * @param layers            per convolution/dense/output layer: filters (neurons) and MACs before and after
     * @param macsBefore        MACs per inference, dense
     * @param macsAfter         MACs per inference, compacted
     * @param latencyBatch1     masked (A) vs compacted (B), batch 1
     * @param latencyBatch128   the same, batch 128
     */
    public record Result(double accuracyDense, double accuracyPruned, double accuracyMasked, double accuracyCompacted,
                         double maxAbsOutputDiff, List<LayerCompaction> layers, long macsBefore, long macsAfter,
                         LatencyComparison.Result latencyBatch1, LatencyComparison.Result latencyBatch128) {
    }

    public static void main(String[] args) {
        run(ExampleResult.quick(args));
    }

    /** The LeNet-5-style configuration ({@link MnistLeNet}). */
    static MultiLayerConfiguration configuration(long seed) {
        return MnistLeNet.configuration(seed);
    }

    /** Trains, prunes filters, compacts, measures, prints and returns the figures. */
    public static Result run(boolean quick) {
        long seed = 12345;
        DataSetIterator train = MnistData.train(128, quick ? 2_000 : 0, seed);
        DataSetIterator test = MnistData.test(128, quick ? 1_000 : 0, seed);
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(seed));
        net.init();

        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(4).build();
        net.setListeners(stats);
        net.fit(train, quick ? 1 : 2);
        double accuracyDense = net.evaluate(test).accuracy();

        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.energyAware())
                .granularity(Granularity.NEURONS)       // whole filters of a convolution, whole neurons of a dense layer
                .build())
                .inputType(INPUT)
                .statistics(stats)
                .build();
        net.addListeners(pruning);
        pruning.pruneNow(net, FILTER_SPARSITY);
        double accuracyPruned = net.evaluate(test).accuracy();
        net.fit(train, 1);
        net.setListeners(new ArrayList<>());
        double accuracyMasked = net.evaluate(test).accuracy();

        CompactionResult compaction = Compactor.builder().inputType(INPUT).build().compact(net);
        MultiLayerNetwork compacted = (MultiLayerNetwork) compaction.network();
        double accuracyCompacted = compacted.evaluate(test).accuracy();
        INDArray x = CompactAndDeploy.features(test);
        double diff = CompactAndDeploy.maxAbsDiff(net.output(x, false), compacted.output(x, false));

        INDArray batch128 = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 128),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        INDArray batch1 = x.getRow(0, true).dup();
        // --quick measures only a little: it shows the mechanics, its timings are not worth reading.
        LatencyComparison.Result l1 = LatencyComparison.builder().warmupCalls(quick ? 5 : 100)
                .samples(quick ? 11 : 101).callsPerSample(quick ? 1 : 10).build()
                .compare(LatencyComparison.inference(net), LatencyComparison.inference(compacted), batch1);
        LatencyComparison.Result l128 = LatencyComparison.builder().warmupCalls(quick ? 2 : 10)
                .samples(quick ? 5 : 101).callsPerSample(1).build()
                .compare(LatencyComparison.inference(net), LatencyComparison.inference(compacted), batch128);

        Result r = new Result(accuracyDense, accuracyPruned, accuracyMasked, accuracyCompacted, diff,
                compaction.layers(), compaction.macsBefore(), compaction.macsAfter(), l1, l128);
        print(r);
        System.out.println(pruning.report(net).toMarkdown());
        return r;
    }

    private static void print(Result r) {
        System.out.println();
        System.out.println("| layer | type | filters / neurons | inputs (channels) | MACs per inference |");
        System.out.println("|---|---|---:|---:|---:|");
        for (LayerCompaction l : r.layers()) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d -> %d | %d -> %d | %,d -> %,d |%n", l.name(), l.type(),
                    l.neuronsBefore(), l.neuronsAfter(), l.inputsBefore(), l.inputsAfter(), l.macsBefore(),
                    l.macsAfter());
        }
        System.out.printf(Locale.ROOT, "| total | | | | %,d -> %,d (ratio %.3f) |%n%n", r.macsBefore(), r.macsAfter(),
                (double) r.macsAfter() / r.macsBefore());
        System.out.printf(Locale.ROOT, "test accuracy: %.2f%% dense, %.2f%% right after pruning, %.2f%% retrained, "
                        + "%.2f%% compacted%n", 100 * r.accuracyDense(), 100 * r.accuracyPruned(),
                100 * r.accuracyMasked(), 100 * r.accuracyCompacted());
        System.out.printf(Locale.ROOT, "max |masked output - compacted output| over the test set: %.3g%n",
                r.maxAbsOutputDiff());
        System.out.printf(Locale.ROOT, "latency masked -> compacted, %s%n", r.latencyBatch1());
        System.out.printf(Locale.ROOT, "latency masked -> compacted, %s%n%n", r.latencyBatch128());
    }
}
