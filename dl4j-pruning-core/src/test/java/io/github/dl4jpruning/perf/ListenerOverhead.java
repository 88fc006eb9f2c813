package io.github.dl4jpruning.perf;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Measures the training overhead of {@link ActivationStatsListener} plus {@link EnergyPruningCallback} against a plain
 * {@code fit()} on the benchmark's 784-128-10 MLP (ReLU, softmax, Adam 1e-3, batch 128), with random data: the
 * listeners' cost does not depend on what the pixels are. Not a unit test (timings on a shared machine are too noisy
 * to assert on): run it by hand and read the median ratios of the training thread's CPU time.
 *
 * <pre>
 * mvn -B -o -q -pl dl4j-pruning-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 java -cp dl4j-pruning-core/target/test-classes:dl4j-pruning-core/target/classes:$(cat /tmp/cp.txt) \
 *      io.github.dl4jpruning.perf.ListenerOverhead [rounds=31] [epochsPerRun=2] [batches=60]
 * </pre>
 *
 * <p>Variants, each on its own warmed-up network, run in a rotating order every round so that drift in machine load
 * falls on all of them alike; each round's time is divided by that round's plain time, and the median over rounds is
 * reported:
 * <ul>
 *   <li>{@code noop}: one listener that does nothing (what DL4J itself charges for having listeners);</li>
 *   <li>{@code listeners k=1}: both listeners, statistics sampled every iteration (the default), no masks yet
 *       (a schedule that never prunes);</li>
 *   <li>{@code listeners k=4}: the same, sampled every 4th iteration (as the examples do);</li>
 *   <li>{@code masked k=1}: both listeners with 50% of the weights pruned by {@code pruneNow} before fitting, so the
 *       masks are enforced on gradients and parameters every iteration;</li>
 *   <li>{@code taylor k=1}: both listeners, no masks, with the Taylor criterion, which accumulates {@code |w g|}
 *       every iteration.</li>
 * </ul>
 */
public final class ListenerOverhead {

    // On a shared machine wall time mostly measures the neighbours (with OpenMP's default threads on 2 busy cores a
    // plain iteration took 10 ms instead of 2.6). With OMP_NUM_THREADS=1 the native ops run on the training thread,
    // so its CPU time is the steadier measure; it misses GC and ND4J's deallocator threads, so it flatters code that
    // churns off-heap memory, which is why wall ratios are printed beside it.
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ListenerOverhead() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 31;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        DataSet data = randomData(batches * 128, 42);

        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("plain", ListenerOverhead::mlp));
        variants.add(new Variant("noop", () -> {
            MultiLayerNetwork net = mlp();
            net.addListeners(new BaseTrainingListener() { });
            return net;
        }));
        variants.add(new Variant("listeners k=1", () -> withListeners(1, false)));
        variants.add(new Variant("listeners k=4", () -> withListeners(4, false)));
        variants.add(new Variant("masked k=1", () -> withListeners(1, true)));
        variants.add(new Variant("taylor k=1", () -> {
            MultiLayerNetwork net = mlp();
            ActivationStatsListener stats = ActivationStatsListener.builder().build();
            net.addListeners(stats, EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.taylor()).build()).statistics(stats).build());
            return net;
        }));

        for (Variant v : variants) {
            v.net = v.factory.get();
            for (int w = 0; w < 2; w++) {
                fitTimed(v.net, data, epochs);
            }
        }
        // times[measure][variant][round]: wall time and the training thread's CPU time, in milliseconds
        double[][][] times = new double[2][variants.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < variants.size(); j++) {
                int k = (j + r) % variants.size();
                double[] t = fitTimed(variants.get(k).net, data, epochs);
                times[0][k][r] = t[0];
                times[1][k][r] = t[1];
            }
        }
        System.out.printf(Locale.ROOT, "784-128-10, Adam 1e-3, batch 128, %d batches x %d epoch(s) per run, %d rounds, "
                + "OMP_NUM_THREADS=%s%n", batches, epochs, rounds, System.getenv("OMP_NUM_THREADS"));
        System.out.printf(Locale.ROOT, "plain fit: median %.1f ms wall (%.3f ms per iteration), %.1f ms CPU of the "
                + "training thread%n", median(times[0][0]), median(times[0][0]) / (batches * epochs),
                median(times[1][0]));
        System.out.printf(Locale.ROOT, "%-15s %-40s %s%n", "variant / plain", "wall: median of round ratios [min..max], "
                + "best/best", "thread CPU: the same");
        for (int k = 1; k < variants.size(); k++) {
            System.out.printf(Locale.ROOT, "%-15s %-40s %s%n", variants.get(k).name, ratios(times[0], k),
                    ratios(times[1], k));
        }
    }

    /** Median and range of variant k's per-round ratios to plain, and the ratio of the two fastest runs. */
    private static String ratios(double[][] t, int k) {
        double[] r = new double[t[k].length];
        for (int i = 0; i < r.length; i++) {
            r[i] = t[k][i] / t[0][i];
        }
        Arrays.sort(r);
        double best = Arrays.stream(t[k]).min().orElseThrow() / Arrays.stream(t[0]).min().orElseThrow();
        return String.format(Locale.ROOT, "%.4f [%.3f..%.3f] %.4f", median(r), r[0], r[r.length - 1], best);
    }

    private static final class Variant {
        final String name;
        final Supplier<MultiLayerNetwork> factory;
        MultiLayerNetwork net;

        Variant(String name, Supplier<MultiLayerNetwork> factory) {
            this.name = name;
            this.factory = factory;
        }
    }

    private static MultiLayerNetwork withListeners(int sampleEvery, boolean masked) {
        MultiLayerNetwork net = mlp();
        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(sampleEvery).build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().statistics(stats).build();
        if (masked) {
            pruning.pruneNow(net, 0.5);
        }
        net.addListeners(stats, pruning);
        return net;
    }

    static MultiLayerNetwork mlp() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(123)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** Uniform pixels in [0, 1) and random one-hot labels. */
    static DataSet randomData(int examples, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[examples * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        float[] y = new float[examples * 10];
        for (int i = 0; i < examples; i++) {
            y[i * 10 + rnd.nextInt(10)] = 1;
        }
        INDArray features = Nd4j.create(x, new long[] {examples, 784}, 'c');
        INDArray labels = Nd4j.create(y, new long[] {examples, 10}, 'c');
        return new DataSet(features, labels);
    }

    /** Wall and training-thread CPU milliseconds of one {@code fit}. */
    private static double[] fitTimed(MultiLayerNetwork net, DataSet data, int epochs) {
        ViewIterator it = new ViewIterator(data, 128);
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        net.fit(it, epochs);
        long t1 = System.nanoTime();
        long c1 = THREADS.getCurrentThreadCpuTime();
        return new double[] {(t1 - t0) / 1e6, (c1 - c0) / 1e6};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
