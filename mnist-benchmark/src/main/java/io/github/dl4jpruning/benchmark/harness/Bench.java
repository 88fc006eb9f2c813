package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.benchmark.data.InMemoryMnist;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.energy.EnergyTable;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Locale;

/**
 * What the pruning scenarios share: MNIST in memory, the energy model ({@code --energy-table}, by default Horowitz
 * 45 nm fp32; zero-skipping, weights in SRAM: {@link HardwareEnergyModel#of}), dense training with the statistics collected during {@code fit()},
 * the dense same-epochs control, and a {@link PruningRun} for the rows.
 */
public final class Bench {

    private static final Logger log = LoggerFactory.getLogger(Bench.class);

    private final BenchmarkConfig config;
    private final InMemoryMnist mnist;
    private final EnergyModel energyModel;
    private final PrintStream console;
    private final PruningRun runner;

    public Bench(ScenarioContext context) {
        this.config = context.config();
        this.energyModel = HardwareEnergyModel.of(EnergyTable.byName(config.energyTable()));
        this.console = context.console();
        console.printf(Locale.ROOT, "loading MNIST into memory (%s)%n", config.quick()
                ? config.trainExamples() + " train / " + config.testExamples() + " test images" : "all images");
        this.mnist = InMemoryMnist.load(context.data(), config.batchSize(), config.trainExamples(),
                config.testExamples(), config.seed());
        this.runner = new PruningRun(energyModel, () -> mnist.train(currentSeed), mnist::test, config.retrainEpochs(),
                mnist.trainCount(), config.batchSize(), console);
    }

    private long currentSeed;

    public InMemoryMnist mnist() {
        return mnist;
    }

    public EnergyModel energyModel() {
        return energyModel;
    }

    public BenchmarkConfig config() {
        return config;
    }

    public PrintStream console() {
        return console;
    }

    /** Trains the dense network of {@code seed} for the configured epochs, collecting statistics during fit. */
    public DenseStart dense(long seed) {
        currentSeed = seed;
        console.printf(Locale.ROOT, "dense 784-128-10, seed %d, %d epoch(s), activation statistics during fit%n",
                seed, config.epochs());
        MultiLayerNetwork net = MnistMlp.build(seed);
        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(PruningRun.SAMPLE_EVERY).build();
        double seconds = Training.fit(net, mnist.train(seed), config.epochs(), mnist.trainCount(), console, stats);
        net.setListeners(new ArrayList<>());
        double accuracy = net.evaluate(mnist.test()).accuracy();
        console.printf(Locale.ROOT, "dense seed %d: test accuracy %.2f%% (%.1f s of training)%n", seed,
                100 * accuracy, seconds);
        return new DenseStart(seed, net, stats.stats().copy(), accuracy, seconds, runner.denseEnergy(net));
    }

    /** The dense network trained {@code retrainEpochs} more, without pruning: the fair control. */
    public double control(DenseStart dense) {
        currentSeed = dense.seed();
        MultiLayerNetwork net = dense.network().clone();
        net.setListeners(new ArrayList<>());
        Training.fit(net, mnist.train(dense.seed()), config.retrainEpochs(), mnist.trainCount(), console);
        double accuracy = net.evaluate(mnist.test()).accuracy();
        releaseNativeMemory();
        console.printf(Locale.ROOT, "dense same-epochs control, seed %d, %d epochs: %.2f%%%n", dense.seed(),
                config.epochs() + config.retrainEpochs(), 100 * accuracy);
        return accuracy;
    }

    /** Runs one row on the dense network of one seed. */
    public SeedResult run(RowSpec row, DenseStart dense) {
        currentSeed = dense.seed();
        SeedResult r = runner.run(row, dense);
        releaseNativeMemory();
        return r;
    }

    /**
     * Collects the garbage of the run that just ended. Every minibatch and every clone lives in native memory that is
     * freed only when the garbage collector finds its small Java handle unreachable; with a large heap that can take
     * longer than a sweep, and the sweep's hundred training runs then filled 24 GiB of native memory until the kernel
     * killed it. One collection per row (a few milliseconds against seconds of training) keeps it at a few hundred MB.
     */
    void releaseNativeMemory() {
        System.gc();
        log.debug("native memory after collection: {} MB physical, {} MB tracked",
                Pointer.physicalBytes() >> 20, Pointer.totalBytes() >> 20);
    }

    /** Timed pruning steps in {@link #pruneStep}. */
    public static final int PRUNE_STEP_REPETITIONS = 15;

    /** Epochs timed on each side in {@link #overhead}: fewer in a quick run, whose epochs are short and noisy. */
    public int overheadRepetitions() {
        return config.quick() ? 5 : 7;
    }

    /** {@link PruneStepTiming#measure} on the dense network of one seed, with the statistics of its training. */
    public PruneStepTiming pruneStep(DenseStart dense, String criterion, double sparsity) {
        PruneStepTiming t = PruneStepTiming.measure(dense.network(), dense.trainingStats(), criterion, energyModel,
                sparsity, PRUNE_STEP_REPETITIONS, dense.seed());
        console.println(t);
        return t;
    }

    /** {@link Overhead#measure} on this data. */
    public Overhead overhead(DenseStart dense, int repetitions) {
        currentSeed = dense.seed();
        return Overhead.measure(dense.network(), () -> mnist.train(dense.seed()), energyModel, repetitions);
    }
}
