package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.compact.LayerCompaction;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.runtime.dl4j.Dl4jExporter;
import io.github.dl4jpruning.schedule.PolynomialDecaySchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Granularity;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured pruning on a network with BatchNormalization and a residual add, end to end: trains
 * {@link ResNetMnist} dense, continues a copy as the same-epochs control, prunes half of the filters of another copy
 * (the core's callback at {@link Granularity#NEURONS}, whose groups couple the residual add's branches and the BN
 * channels), retrains it with the callback holding the masks, compacts it through the dependency graph
 * ({@link Compactor}) and measures the compacted network against the dense-sized one: accuracy, output difference, and
 * latency at batch 1 and 64 (interleaved, {@link LatencyComparison}; run with {@code OMP_NUM_THREADS=1}), of DL4J's
 * {@code output()} and of the plain-Java runtime ({@link ResNetRuntimeLatency}). In DL4J the dense-sized masked
 * network costs what the dense one costs; the runtime instead skips the masked network's zero filters and input
 * channels (it runs near the compacted network's speed), so the runtime's ratio is taken against the dense (unpruned,
 * trained) network, the one whose MACs are the MAC ratio's denominator.
 *
 * <pre>{@code
 * ResNetMeasurement m = ResNetExperiment.builder().denseEpochs(2).retrainEpochs(1).build().run(train, test);
 * log.info("accuracy {} vs control {}, MAC ratio {}", m.accuracyPruned(), m.accuracyControl(), m.macRatio());
 * }</pre>
 */
public final class ResNetExperiment {
    private static final Logger log = LoggerFactory.getLogger(ResNetExperiment.class);

    /** Rows of the large latency batch. */
    public static final int LARGE_BATCH = 64;

    private final double filterSparsity;
    private final int denseEpochs;
    private final int retrainEpochs;
    private final int width;
    private final long seed;
    private final double rampFraction;
    private final int rampSteps;
    private final LatencyComparison latencyBatch1;
    private final LatencyComparison latencyLargeBatch;

    private ResNetExperiment(Builder b) {
        this.filterSparsity = b.filterSparsity;
        this.denseEpochs = b.denseEpochs;
        this.retrainEpochs = b.retrainEpochs;
        this.width = b.width;
        this.seed = b.seed;
        this.rampFraction = b.rampFraction;
        this.rampSteps = b.rampSteps;
        this.latencyBatch1 = LatencyComparison.builder().warmupCalls(b.warmupCalls).samples(b.latencySamples)
                .callsPerSample(5).build();
        this.latencyLargeBatch = LatencyComparison.builder().warmupCalls(Math.max(1, b.warmupCalls / 10))
                .samples(b.latencySamples).callsPerSample(1).build();
    }

    /**
     * Defaults: 50% of the filters, 2 dense epochs, 1 retraining epoch (pruning gradually, see
     * {@link Builder#rampFraction}), width 64, seed 12345.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains, prunes, retrains, compacts and measures.
     *
     * @param train training batches of flat 784-pixel rows (reshaped to images here)
     * @param test  test batches, for accuracy, output differences and the latency inputs (reshaped too)
     */
    public ResNetMeasurement run(DataSetIterator train, DataSetIterator test) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        ResNetMnist.asImages(train);
        ResNetMnist.asImages(test);
        int[] batchesAndExamples = batchesAndExamples(train);
        ComputationGraph dense = ResNetMnist.build(seed, width);
        log.info("training the ResNet-style network (width {}) for {} epoch(s) of {} images", width, denseEpochs,
                batchesAndExamples[1]);
        dense.fit(train, denseEpochs);
        double accuracyDense = dense.evaluate(test).accuracy();
        log.info("dense test accuracy {}", GradualNeuronPruning.pct(accuracyDense));

        ComputationGraph control = continued(dense);
        if (retrainEpochs > 0) {
            control.fit(train, retrainEpochs);
        }
        double accuracyControl = control.evaluate(test).accuracy();
        log.info("control ({} epochs, continued from epoch {}) test accuracy {}", denseEpochs + retrainEpochs,
                dense.getConfiguration().getEpochCount(),
                GradualNeuronPruning.pct(accuracyControl));

        ComputationGraph net = continued(dense);
        pruneAndRetrain(net, train, batchesAndExamples[0]);
        CompactionResult r = Compactor.builder().inputType(ResNetMnist.INPUT_TYPE).build().compact(net);
        ComputationGraph small = (ComputationGraph) r.network();

        UnaryOperator<INDArray> masked = inference(net);
        UnaryOperator<INDArray> compacted = inference(small);
        SideBySide side = SideBySide.evaluate(masked, compacted, test);
        log.info("test accuracy pruned {}, compacted {}, max |output difference| {}",
                GradualNeuronPruning.pct(side.accuracyMasked()), GradualNeuronPruning.pct(side.accuracyCompacted()),
                side.maxAbsOutputDiff());

        INDArray large = firstImages(test, LARGE_BATCH);
        INDArray one = large.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()).dup('c');
        LatencyComparison.Result l1 = latencyBatch1.compare(masked, compacted, one);
        log.info("latency dense-sized -> compacted, {}", l1);
        LatencyComparison.Result l64 = latencyLargeBatch.compare(masked, compacted, large);
        log.info("latency dense-sized -> compacted, {}", l64);
        log.info("plain-Java runtime MACs (non-zero weights): dense {}, masked {}, compacted {}",
                Dl4jExporter.export(dense, ResNetMnist.INPUT_TYPE).macs(),
                Dl4jExporter.export(net, ResNetMnist.INPUT_TYPE).macs(),
                Dl4jExporter.export(small, ResNetMnist.INPUT_TYPE).macs());
        ResNetRuntimeLatency rt = ResNetRuntimeLatency.measure(dense, small, one, large, latencyBatch1,
                latencyLargeBatch);
        log.info("plain-Java runtime latency dense -> compacted, {}; {}; max |DL4J - runtime| {}", rt.batch1(),
                rt.largeBatch(), rt.maxAbsOutputDiff());

        log.info("ResNet experiment: {} s CPU on the calling thread (native threads not counted; run with "
                + "OMP_NUM_THREADS=1)", String.format(java.util.Locale.ROOT, "%.1f",
                (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9));
        return new ResNetMeasurement(accuracyDense, accuracyControl, side.accuracyMasked(), side.accuracyCompacted(),
                removedFilters(r), (double) r.macsAfter() / r.macsBefore(), l1.ratio(), l64.ratio(),
                side.maxAbsOutputDiff(), width, denseEpochs, retrainEpochs, r.macsBefore(), r.macsAfter(), l1, l64,
                batchesAndExamples[1], rt.batch1().ratio(), rt.largeBatch().ratio(), rt.maxAbsOutputDiff(),
                rt.batch1(), rt.largeBatch());
    }

    /**
     * Gradual pruning during retraining (Zhu and Gupta's automated gradual pruning, the core's
     * {@link PolynomialDecaySchedule} counted in iterations from the start of retraining): the filter target rises
     * from 0 to {@code filterSparsity} over the first {@code rampFraction} of the retraining iterations, in
     * {@code rampSteps} steps, cubic (large steps first, while the network can still recover), and the rest of
     * retraining fine-tunes the final mask. Without retraining epochs it prunes once, at once.
     */
    private void pruneAndRetrain(ComputationGraph net, DataSetIterator train, int batches) {
        PruningConfig config = PruningConfig.builder().granularity(Granularity.NEURONS).build();
        if (retrainEpochs == 0) {
            EnergyPruningCallback oneShot = EnergyPruningCallback.builder(config)
                    .inputType(ResNetMnist.INPUT_TYPE).build();
            PruningEvent e = oneShot.pruneNow(net, filterSparsity);
            log.info("pruned {} of the filters at once ({} of the weights), no retraining",
                    GradualNeuronPruning.pct(filterSparsity), GradualNeuronPruning.pct(e.sparsity()));
            return;
        }
        int iterations = batches * retrainEpochs;
        int end = Math.max(1, Math.min(iterations - 1, (int) Math.round(rampFraction * iterations)));
        int frequency = Math.max(1, end / rampSteps);
        PruningSchedule schedule = new PolynomialDecaySchedule(0, end, frequency, 0.0, filterSparsity, 3,
                PolynomialDecaySchedule.Unit.ITERATIONS);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(config).schedule(schedule)
                .scheduleFromAttach().inputType(ResNetMnist.INPUT_TYPE).build();
        net.setListeners(pruning);
        log.info("retraining {} epoch(s) ({} iterations) while pruning to {} of the filters by iteration {}, "
                        + "every {} iterations", retrainEpochs, iterations, GradualNeuronPruning.pct(filterSparsity),
                end, frequency);
        net.fit(train, retrainEpochs);
        net.setListeners(new ArrayList<>());
    }

    /**
     * A copy of {@code dense} that continues its iteration and epoch counters, so that the learning-rate schedule
     * ({@link ResNetMnist#LEARNING_RATE_SCHEDULE}, by epoch) goes on where dense training stopped for the control and
     * the pruned network alike.
     */
    static ComputationGraph continued(ComputationGraph dense) {
        ComputationGraph copy = dense.clone();
        copy.getConfiguration().setIterationCount(dense.getConfiguration().getIterationCount());
        copy.getConfiguration().setEpochCount(dense.getConfiguration().getEpochCount());
        return copy;
    }

    /** Minibatches and examples in one pass over {@code train}. */
    private static int[] batchesAndExamples(DataSetIterator train) {
        train.reset();
        int n = 0;
        int examples = 0;
        while (train.hasNext()) {
            examples += train.next().numExamples();
            n++;
        }
        train.reset();
        return new int[] {n, examples};
    }

    /** Fraction of the convolutions' filters the compactor removed. */
    private static double removedFilters(CompactionResult r) {
        long before = 0;
        long after = 0;
        for (LayerCompaction l : r.layers()) {
            if (l.type().equals("ConvolutionLayer")) {
                before += l.neuronsBefore();
                after += l.neuronsAfter();
            }
        }
        return before == 0 ? 0 : 1 - (double) after / before;
    }

    /** The first {@code n} images of the first test batch (fewer if the batch is smaller). */
    private static INDArray firstImages(DataSetIterator test, int n) {
        test.reset();
        INDArray f = test.next().getFeatures();
        test.reset();
        return f.get(NDArrayIndex.interval(0, Math.min(n, f.size(0))), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()).dup('c');
    }

    private static UnaryOperator<INDArray> inference(ComputationGraph net) {
        return x -> net.output(false, x)[0];
    }

    /** Builder for {@link ResNetExperiment}. */
    public static final class Builder {
        private double filterSparsity = 0.5;
        private int denseEpochs = 2;
        private int retrainEpochs = 1;
        private int width = 64;
        private long seed = 12345;
        private double rampFraction = 0.5;
        private int rampSteps = 10;
        private int warmupCalls = 100;
        private int latencySamples = 101;

        /** Fraction of the filters to remove, in (0, 1); default 0.5. */
        public Builder filterSparsity(double s) {
            if (!(s > 0 && s < 1)) {
                throw new IllegalArgumentException("filterSparsity must be in (0, 1), got " + s);
            }
            this.filterSparsity = s;
            return this;
        }

        /** Epochs of dense training; default 2. */
        public Builder denseEpochs(int n) {
            this.denseEpochs = Require.atLeast("denseEpochs", n, 1);
            return this;
        }

        /** Epochs of retraining after pruning, and of the control's extra training; default 1. */
        public Builder retrainEpochs(int n) {
            this.retrainEpochs = Require.atLeast("retrainEpochs", n, 0);
            return this;
        }

        /** Filters of the stem and the residual block; default 64 (so 50% leaves 32). */
        public Builder width(int w) {
            this.width = Require.atLeast("width", w, 2);
            return this;
        }

        /**
         * Share of the retraining iterations over which the filter target rises to {@code filterSparsity}, in
         * (0, 1]; the rest fine-tunes the final mask. Default 0.5.
         *
         * @throws IllegalArgumentException if {@code f} is not in (0, 1]
         */
        public Builder rampFraction(double f) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("rampFraction must be in (0, 1], got " + f);
            }
            this.rampFraction = f;
            return this;
        }

        /**
         * Pruning steps of the ramp (about; the last step always reaches the target). Default 10.
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Builder rampSteps(int n) {
            this.rampSteps = Require.atLeast("rampSteps", n, 1);
            return this;
        }

        /** Seed of the network's weights; default 12345. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Warm-up calls of each network at batch 1 (a tenth at batch 64); default 100. */
        public Builder warmupCalls(int n) {
            this.warmupCalls = Require.atLeast("warmupCalls", n, 0);
            return this;
        }

        /** Latency samples of each network per batch size; default 101. */
        public Builder latencySamples(int n) {
            this.latencySamples = Require.atLeast("latencySamples", n, 1);
            return this;
        }

        public ResNetExperiment build() {
            return new ResNetExperiment(this);
        }
    }
}
