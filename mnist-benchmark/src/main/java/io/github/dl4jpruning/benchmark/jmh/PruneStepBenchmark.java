package io.github.dl4jpruning.benchmark.jmh;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.Calibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long one pruning step (score every weight, select the lowest half globally, write and apply the masks) takes as
 * the network grows from 0.1 to 10 million weights. Each invocation prunes a dense network from empty masks, so every
 * measurement does the same work: the weights zeroed by the previous invocation are restored beforehand, outside the
 * measured time.
 *
 * <p>The networks are untrained (seeded Xavier weights) and the activation statistics come from random inputs: the
 * cost of a step depends on the number of weights and layers, not on what the network learned.
 *
 * <p>Run it with {@link PruneStepScaling}, or directly:
 *
 * <pre>{@code
 * new Runner(new OptionsBuilder().include(PruneStepBenchmark.class.getName()).build()).run();
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
// Five warm-up seconds: at 1.3M weights the step took 1.06, 0.68, 0.58, 0.44 and 0.39 s per invocation in the first
// five one-second iterations, until the JIT settled. Five measurements: JMH's 99.9% error from three samples is 31.6
// standard errors wide, from five 8.6.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PruneStepBenchmark {

    /** The network sizes, smallest first: 0.10, 0.54, 1.33, 3.71, 10.01 and 103.6 million weights. */
    public static final String[] SIZES = {
        "784-128-10", "784-512-256-10", "784-1024-512-10", "784-2048-1024-10", "784-2048-2048-2048-10",
        "784-7000-7000-7000-10"};

    /** Sizes from which the fork needs {@link #LARGE_HEAP} (issue 14: 100M weights must complete with 4 GB). */
    public static final long LARGE_WEIGHTS = 50_000_000L;
    /** The fork's heap for the largest sizes. */
    public static final String LARGE_HEAP = "-Xmx4g";

    /** The sparsity of the step: half of all weights, ranked across layers. */
    public static final double SPARSITY = 0.5;

    static final long SEED = 12345;
    static final int CALIBRATION_BATCHES = 4;
    static final int BATCH_SIZE = 32;

    /** Layer widths, input first, separated by '-'. Must list {@link #SIZES} (annotation values are constants). */
    @Param({"784-128-10", "784-512-256-10", "784-1024-512-10", "784-2048-1024-10", "784-2048-2048-2048-10",
        "784-7000-7000-7000-10"})
    public String layers;

    /** A criterion of {@link Criteria#byName(String)}. */
    @Param({"magnitude", "energy-aware"})
    public String criterion;

    private MultiLayerNetwork net;
    private INDArray denseParams;
    private NetworkAdapter adapter;
    private ActivationStats stats;
    private Pruner pruner;

    /** Builds the network, calibrates activation statistics on random inputs and keeps a copy of the weights. */
    @Setup(Level.Trial)
    public void buildNetwork() {
        int[] widths = widths(layers);
        net = mlp(widths, SEED);
        denseParams = net.params().dup();
        adapter = NetworkAdapter.of(net);
        // Collected for both criteria, so that the step has the same inputs and PruningReport the same energy work;
        // only the energy-aware criterion reads them for scoring.
        stats = Calibration.run(net, randomBatches(widths[0], widths[widths.length - 1]), CALIBRATION_BATCHES, 0);
        pruner = new Pruner(PruningConfig.builder()
                .criterion(Criteria.byName(criterion))
                .scope(io.github.dl4jpruning.select.Scope.GLOBAL)
                .seed(SEED).build());
    }

    /** Undoes the previous invocation's pruning; a copy into the existing buffer, a few ms at 10M weights. */
    @Setup(Level.Invocation)
    public void restoreDenseWeights() {
        net.params().assign(denseParams);
    }

    /** One pruning step from empty masks to {@link #SPARSITY}; the masks are returned so that none of it is dead code. */
    @Benchmark
    public PruneMasks pruneStep() {
        return pruner.prune(adapter, new PruneMasks(), Signals.of(stats), Target.sparsity(SPARSITY)).masks();
    }

    /** The network being pruned (live: after {@link #pruneStep()} half of its weights are zero). */
    MultiLayerNetwork network() {
        return net;
    }

    /** Prunable weights (the W matrices, biases not counted) of an MLP such as {@code "784-128-10"}. */
    public static long weightCount(String layers) {
        int[] w = widths(layers);
        long n = 0;
        for (int i = 0; i + 1 < w.length; i++) {
            n += (long) w[i] * w[i + 1];
        }
        return n;
    }

    static int[] widths(String layers) {
        int[] w;
        try {
            w = Arrays.stream(layers.split("-")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layers must be widths separated by '-', such as 784-128-10, got '"
                    + layers + "'", e);
        }
        if (w.length < 2 || Arrays.stream(w).anyMatch(x -> x < 1)) {
            throw new IllegalArgumentException("layers needs an input and an output width, all >= 1, such as "
                    + "784-128-10, got '" + layers + "'");
        }
        return w;
    }

    /** Dense ReLU hidden layers and a softmax output, like {@code MnistMlp} but of any widths. */
    static MultiLayerNetwork mlp(int[] widths, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list();
        for (int i = 1; i < widths.length - 1; i++) {
            b.layer(new DenseLayer.Builder().nIn(widths[i - 1]).nOut(widths[i]).activation(Activation.RELU).build());
        }
        int last = widths.length - 1;
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(widths[last - 1]).nOut(widths[last]).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    static ListDataSetIterator<DataSet> randomBatches(int inputs, int outputs) {
        Nd4j.getRandom().setSeed(SEED);
        List<DataSet> rows = new ArrayList<>();
        for (int i = 0; i < CALIBRATION_BATCHES * BATCH_SIZE; i++) {
            INDArray label = Nd4j.zeros(DataType.FLOAT, 1, outputs);
            label.putScalar(0, i % outputs, 1);
            rows.add(new DataSet(Nd4j.rand(DataType.FLOAT, 1, inputs), label));
        }
        return new ListDataSetIterator<>(rows, BATCH_SIZE);
    }
}
