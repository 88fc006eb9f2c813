package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.compact.LayerCompaction;
import io.github.dl4jpruning.select.Granularity;
import java.util.ArrayList;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does structural pruning pay off on a CPU? Takes a trained dense 784-128-10 network, removes hidden neurons with the
 * energy-aware criterion ({@link Granularity#NEURONS}), retrains with the callback holding the masks, compacts the
 * result with the {@link Compactor}, and measures side by side, in the same run, the masked dense network against
 * the compacted one: accuracy, the largest output difference over the test set, and inference latency
 * ({@code output(x, false)}) at batch 1 and 128.
 *
 * <p>Pruning may be gradual ({@link GradualNeuronPruning}, the core's iterative schedule): with {@code pruneSteps(k)}
 * each step removes the same share of the neurons still alive (0.8 in two steps: 55.3%, then 80%), each followed by
 * an equal part of the retraining budget. Before each step {@code Calibration} recomputes the activation statistics
 * on {@code calibrationBatches} training batches, so the criterion ranks the network as it is now.
 *
 * <p>The dense network passed in is not modified (the experiment works on a clone).
 *
 * <p>Measuring: on a loaded machine run with {@code OMP_NUM_THREADS=1}. With ND4J's default of one OpenMP thread per
 * core, a batch-128 call waits for a descheduled second thread and both networks took the same ~8 ms (up to 48 ms)
 * instead of 0.37 ms, which hides the difference being measured. At batch 1 the fixed cost of a call of
 * {@code output} (about 70 us here) dominates a 784-128-10 network whatever its size.
 *
 * <pre>{@code
 * CompactionMeasurement m = CompactionExperiment.builder().neuronSparsity(0.8).retrainEpochs(2).seed(12345).build()
 *         .run(denseNet, train, test);
 * log.info("MACs x{}, measured x{} at batch 128", m.idealSpeedup(), m.speedupBatch128());
 * }</pre>
 */
public final class CompactionExperiment {
    private static final Logger log = LoggerFactory.getLogger(CompactionExperiment.class);

    /** Rows of the large latency batch. */
    public static final int LARGE_BATCH = 128;

    private final double neuronSparsity;
    private final int pruneSteps;
    private final int retrainEpochs;
    private final int denseEpochs;
    private final int calibrationBatches;
    private final boolean dropUnusedInputs;
    private final long seed;
    private final LatencyComparison latencyBatch1;
    private final LatencyComparison latencyLargeBatch;

    private CompactionExperiment(Builder b) {
        this.neuronSparsity = b.neuronSparsity;
        this.pruneSteps = b.pruneSteps;
        this.retrainEpochs = b.retrainEpochs;
        this.denseEpochs = b.denseEpochs;
        this.calibrationBatches = b.calibrationBatches;
        this.dropUnusedInputs = b.dropUnusedInputs;
        this.seed = b.seed;
        this.latencyBatch1 = LatencyComparison.builder().warmupCalls(b.warmupCalls).samples(b.latencySamples)
                .callsPerSample(20).build();
        this.latencyLargeBatch = LatencyComparison.builder().warmupCalls(Math.max(1, b.warmupCalls / 10))
                .samples(b.latencySamples).callsPerSample(2).build();
    }

    /** Defaults: 80% of the hidden neurons in 2 steps, 2 retraining epochs, inputs kept, seed 12345. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains a dense {@link MnistMlp} for {@code denseEpochs} with the seed, then runs the experiment on it. */
    public CompactionMeasurement run(DataSetIterator train, DataSetIterator test) {
        MultiLayerNetwork dense = MnistMlp.build(seed);
        log.info("training the dense 784-128-10 network for {} epoch(s)", denseEpochs);
        dense.fit(train, denseEpochs);
        return run(dense, train, test);
    }

    /**
     * Prunes, retrains, compacts and measures.
     *
     * @param dense a trained dense network with one hidden dense layer (784-128-10); not modified
     * @param train training batches, for calibration and retraining
     * @param test  test batches, for accuracy, output differences and the latency inputs
     */
    public CompactionMeasurement run(MultiLayerNetwork dense, DataSetIterator train, DataSetIterator test) {
        MultiLayerNetwork net = dense.clone();
        net.setListeners(new ArrayList<>());
        double accuracyDense = net.evaluate(test).accuracy();
        log.info("dense test accuracy {}", pct(accuracyDense));

        pruning().pruneAndRetrain(net, train);

        CompactionResult r = Compactor.builder().dropUnusedInputs(dropUnusedInputs).build().compact(net);
        MultiLayerNetwork small = (MultiLayerNetwork) r.network();
        UnaryOperator<INDArray> masked = LatencyComparison.inference(net);
        UnaryOperator<INDArray> compacted = dropUnusedInputs
                ? x -> small.output(r.selectInputs(x), false)
                : LatencyComparison.inference(small);

        SideBySide side = SideBySide.evaluate(masked, compacted, test);
        log.info("test accuracy masked {}, compacted {}, max |output difference| {}", pct(side.accuracyMasked()),
                pct(side.accuracyCompacted()), side.maxAbsOutputDiff());

        INDArray large = SideBySide.firstRows(test, LARGE_BATCH);
        INDArray one = large.getRow(0, true).dup();
        LatencyComparison.Result l1 = latencyBatch1.compare(masked, compacted, one);
        log.info("latency masked -> compacted, {}", l1);
        LatencyComparison.Result l128 = latencyLargeBatch.compare(masked, compacted, large);
        log.info("latency masked -> compacted, {}", l128);

        LayerCompaction hidden = r.layers().get(0);
        CompactionMeasurement m = new CompactionMeasurement(r.removedFraction(),
                (double) r.macsAfter() / r.macsBefore(), l1.ratio(), l128.ratio(), side.maxAbsOutputDiff(),
                side.accuracyMasked(), side.accuracyCompacted(), accuracyDense, neuronSparsity,
                hidden.neuronsBefore(), hidden.neuronsAfter(), hidden.inputsAfter(), dropUnusedInputs, r.macsBefore(),
                r.macsAfter(), l1, l128, pruneSteps, retrainEpochs);
        log.info(String.format(Locale.ROOT, "MAC ratio %.4f (ideal speed-up %.2fx); measured speed-up %.2fx at batch 1 "
                        + "(%.0f%% of ideal), %.2fx at batch %d (%.0f%% of ideal)", m.macRatio(), m.idealSpeedup(),
                m.speedupBatch1(), 100 * m.efficiencyBatch1(), m.speedupBatch128(), LARGE_BATCH,
                100 * m.efficiencyBatch128()));
        return m;
    }

    /** The target of pruning step {@code step} (1-based): equal shares of what is still alive. */
    double stepTarget(int step) {
        return pruning().stepTarget(step);
    }

    /** Retraining epochs after step {@code step}: the budget split evenly, the last steps get the remainder. */
    int epochsOfStep(int step) {
        return pruning().epochsOfStep(step);
    }

    private GradualNeuronPruning pruning() {
        return new GradualNeuronPruning(neuronSparsity, pruneSteps, retrainEpochs, calibrationBatches);
    }

    private static String pct(double f) {
        return GradualNeuronPruning.pct(f);
    }

    /** Builder for {@link CompactionExperiment}. */
    public static final class Builder {
        private double neuronSparsity = 0.8;
        private int pruneSteps = 2;
        private int retrainEpochs = 2;
        private int denseEpochs = 5;
        private int calibrationBatches = 20;
        private boolean dropUnusedInputs;
        private long seed = 12345;
        private int warmupCalls = 200;
        private int latencySamples = 301;

        /** Fraction of the hidden neurons to remove, in [0.75, 1) for this experiment; default 0.8. */
        public Builder neuronSparsity(double s) {
            if (!(s >= 0.75 && s < 1)) {
                throw new IllegalArgumentException("neuronSparsity must be in [0.75, 1) (the experiment removes at "
                        + "least 75% of the hidden neurons), got " + s);
            }
            this.neuronSparsity = s;
            return this;
        }

        /** Pruning steps, each followed by retraining; default 2. */
        public Builder pruneSteps(int n) {
            this.pruneSteps = Require.atLeast("pruneSteps", n, 1);
            return this;
        }

        /** Retraining epochs in total, split over the steps; default 2. */
        public Builder retrainEpochs(int n) {
            this.retrainEpochs = Require.atLeast("retrainEpochs", n, 0);
            return this;
        }

        /** Epochs of dense training when {@link #run(DataSetIterator, DataSetIterator)} trains the network; default 5. */
        public Builder denseEpochs(int n) {
            this.denseEpochs = Require.atLeast("denseEpochs", n, 1);
            return this;
        }

        /** Training batches of activation statistics before each pruning step; default 20. */
        public Builder calibrationBatches(int n) {
            this.calibrationBatches = Require.atLeast("calibrationBatches", n, 1);
            return this;
        }

        /**
         * Also drop input pixels no surviving neuron reads; the compacted latency then includes selecting the kept
         * columns of every input. Default false. After neuron pruning alone nothing is dropped: the weights from
         * MNIST's always-black border pixels get zero gradients and keep their non-zero initial values.
         */
        public Builder dropUnusedInputs(boolean drop) {
            this.dropUnusedInputs = drop;
            return this;
        }

        /** Seed of the dense network when the experiment trains it; default 12345. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Warm-up calls of each network at batch 1 (a tenth of them at batch 128); default 200. */
        public Builder warmupCalls(int n) {
            this.warmupCalls = Require.atLeast("warmupCalls", n, 0);
            return this;
        }

        /** Latency samples of each network per batch size (20 calls each at batch 1, 2 at 128); default 301. */
        public Builder latencySamples(int n) {
            this.latencySamples = Require.atLeast("latencySamples", n, 1);
            return this;
        }

        public CompactionExperiment build() {
            return new CompactionExperiment(this);
        }
    }
}
