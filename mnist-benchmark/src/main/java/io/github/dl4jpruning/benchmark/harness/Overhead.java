package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code benchmark.json}'s {@code overhead}: how much slower {@code fit()} is with the
 * {@link ActivationStatsListener} and the {@link EnergyPruningCallback} attached (holding 50% masks, so masking does
 * real work) than without, on the same data, the same epochs and the same starting weights. Runs alternate
 * (A B B A A B ...) after {@link #WARM_UP_EPOCHS} untimed warm-up epochs of each, so that drift of the machine's speed hits both sides;
 * the ratio is of the medians. Beside the wall times, the process's CPU time per epoch (all threads, ND4J's native
 * ones included) gives {@code cpuRatio}, which other programs running on the machine disturb less than wall time.
 *
 * <p>Both ratios compare whole epochs, whose time drifts by several percent from one epoch to the next on an idle
 * machine (garbage collection, the JIT, ND4J's deallocator), more than the listeners add. So the listeners are also
 * timed from inside ({@link TimedListeners}: the wall time spent in their callbacks during each epoch with them), and
 * {@code listenerRatio = (plain epoch + time inside the listeners) / plain epoch} is the direct measure of their cost.
 * It misses what they cost elsewhere (collecting their garbage), which the end-to-end ratios include.
 *
 * @param fitSecondsPlain       median wall time of one plain epoch
 * @param fitSecondsWithPruning median wall time of one epoch with both listeners
 * @param ratio                 {@code fitSecondsWithPruning / fitSecondsPlain}
 * @param repetitions           epochs timed on each side
 * @param samplesPlain          every plain time, seconds
 * @param samplesWithPruning    every time with the listeners, seconds
 * @param cpuSecondsPlain       median process CPU time of one plain epoch
 * @param cpuSecondsWithPruning median process CPU time of one epoch with both listeners
 * @param cpuRatio              {@code cpuSecondsWithPruning / cpuSecondsPlain}
 * @param listenerSecondsPerEpoch median wall time spent inside the two listeners' callbacks in one epoch with them
 * @param samplesListener       every such time, seconds, one per epoch with the listeners
 * @param listenerRatio         {@code (fitSecondsPlain + listenerSecondsPerEpoch) / fitSecondsPlain}
 */
public record Overhead(double fitSecondsPlain, double fitSecondsWithPruning, double ratio, int repetitions,
                       List<Double> samplesPlain, List<Double> samplesWithPruning, double cpuSecondsPlain,
                       double cpuSecondsWithPruning, double cpuRatio, double listenerSecondsPerEpoch,
                       List<Double> samplesListener, double listenerRatio) {

    private static final Logger log = LoggerFactory.getLogger(Overhead.class);

    /** Untimed epochs on each side before the timed ones. */
    public static final int WARM_UP_EPOCHS = 3;

    /**
     * @param dense       a trained network (cloned, never modified)
     * @param train       a fresh training iterator per call (the same batches each time)
     * @param repetitions epochs timed on each side, at least 1
     */
    public static Overhead measure(MultiLayerNetwork dense, Supplier<DataSetIterator> train, EnergyModel energyModel,
                                   int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        List<Double> plain = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        List<Double> withCpu = new ArrayList<>();
        List<Double> inside = new ArrayList<>();
        // Untimed epochs of each first: JIT compilation and ND4J's first allocations are not what is measured. One was
        // not enough: run right after one pruning row, the callbacks' code was still being compiled and the ratio came
        // out 1.12, against 0.97 at the end of a sweep, where the same code had run a hundred times.
        for (int i = 0; i < WARM_UP_EPOCHS; i++) {
            timePlain(dense, train);
            timeWithPruning(dense, train, energyModel);
        }
        for (int i = 0; i < repetitions; i++) {
            boolean plainFirst = i % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean isPlain = (side == 0) == plainFirst;
                double[] s = isPlain ? timePlain(dense, train) : timeWithPruning(dense, train, energyModel);
                (isPlain ? plain : with).add(s[0]);
                (isPlain ? plainCpu : withCpu).add(s[1]);
                if (!isPlain) {
                    inside.add(s[2]);
                }
            }
            log.info("overhead repetition {}/{}: plain {} s, with listeners {} s ({} s inside them)", i + 1,
                    repetitions, fmt(plain.get(i)), fmt(with.get(i)), fmt(inside.get(i)));
        }
        double p = median(plain);
        double w = median(with);
        double pc = median(plainCpu);
        double wc = median(withCpu);
        double in = median(inside);
        return new Overhead(p, w, w / p, repetitions, plain, with, pc, wc, wc / pc, in, inside, (p + in) / p);
    }

    private static double[] timePlain(MultiLayerNetwork dense, Supplier<DataSetIterator> train) {
        MultiLayerNetwork net = dense.clone();
        net.setListeners(new ArrayList<>());
        return time(net, train.get());
    }

    private static double[] timeWithPruning(MultiLayerNetwork dense, Supplier<DataSetIterator> train,
                                          EnergyModel energyModel) {
        MultiLayerNetwork net = dense.clone();
        net.setListeners(new ArrayList<>());
        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(PruningRun.SAMPLE_EVERY).build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude())
                .energyModel(energyModel)
                .build())
                .statistics(stats)
                .build();
        pruning.pruneNow(net, 0.5);
        TimedListeners timed = new TimedListeners(stats, pruning);
        net.setListeners(timed);
        double[] s = time(net, train.get());
        return new double[] {s[0], s[1], timed.seconds()};
    }

    /** Wall and process CPU seconds of one {@code fit()}; CPU time is NaN where the JVM cannot report it. */
    private static double[] time(MultiLayerNetwork net, DataSetIterator data) {
        // Each epoch leaves about 190 MB of minibatches in native memory, freed only when their Java handles are
        // collected. Left to pile up over the 20 epochs here, they made JavaCPP stop allocations to collect in the
        // middle of whichever epoch crossed its limit: a sweep's epochs slowed from 1.7 to 4.0 s as it went and the
        // ratio came out 1.32 while the time inside the listeners said 1.04. Both sides start from a collected heap.
        System.gc();
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        net.fit(data);
        long wall = System.nanoTime() - start;
        long cpu1 = processCpuNanos();
        double cpu = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9;
        return new double[] {wall / 1e9, cpu};
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    private static String fmt(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "fit %.3f s plain, %.3f s with both listeners: ratio %.3f (median of %d; "
                        + "CPU time ratio %.3f); %.3f s per epoch inside the listeners: ratio %.3f",
                fitSecondsPlain, fitSecondsWithPruning, ratio, repetitions, cpuRatio, listenerSecondsPerEpoch,
                listenerRatio);
    }
}
