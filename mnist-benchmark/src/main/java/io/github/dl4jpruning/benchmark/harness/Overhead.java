package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code benchmark.json}'s {@code overhead}: how much slower training is with the {@link ActivationStatsListener} and
 * the {@link EnergyPruningCallback} attached (holding 50% masks, so masking does real work) than without. Two clones of
 * the same trained network, one plain and one with both listeners, are trained side by side on the same minibatches:
 * every minibatch is fitted by both, one right after the other, the order alternating from one minibatch to the next,
 * each {@code fit} timed on its own (wall time and the training thread's CPU time). Interleaving at the iteration keeps the machine's
 * drift (garbage collection, the JIT, other programs, ND4J's deallocator) out of the ratio, which whole epochs timed
 * one after the other did not: they drifted by more than the listeners cost. Both run on the calling thread (the
 * benchmark runs ND4J with one thread).
 *
 * <p>One pass over the training data is a repetition; its ratio is the sum of its masked times over the sum of its
 * plain times. The reported ratio is the mean of the passes' ratios and its spread the standard error of that mean;
 * passes are added (up to {@link #MAX_REPETITION_FACTOR} times the requested number) until the spread of all three
 * ratios is below {@link #TARGET_SPREAD}. The listeners are also timed from inside ({@link TimedListeners}):
 * {@code listenerRatio = (plain time + time inside the listeners) / plain time}, the direct measure of their cost,
 * which misses what they cost elsewhere (collecting their garbage) that the end-to-end ratios include.
 *
 * @param fitSecondsPlain         median wall time of one plain pass, the sum of its iterations
 * @param fitSecondsWithPruning   median wall time of one pass with both listeners
 * @param ratio                   mean over passes of {@code with / plain} wall time
 * @param repetitions             timed passes over the training data
 * @param samplesPlain            every plain pass, seconds
 * @param samplesWithPruning      every pass with the listeners, seconds
 * @param cpuSecondsPlain         median CPU time of the training thread in one plain pass
 * @param cpuSecondsWithPruning   median CPU time of the training thread in one pass with both listeners
 * @param cpuRatio                mean over passes of {@code with / plain} CPU time
 * @param listenerSecondsPerEpoch median wall time spent inside the two listeners' callbacks in one pass
 * @param samplesListener         every such time, seconds, one per pass
 * @param listenerRatio           mean over passes of {@code (plain + inside the listeners) / plain}
 * @param iterationsPerRepetition minibatches in one pass, each fitted by both networks
 * @param ratioSpread             standard error of {@code ratio}
 * @param cpuRatioSpread          standard error of {@code cpuRatio}
 * @param listenerRatioSpread     standard error of {@code listenerRatio}
 * @param method                  how it was measured, in words
 */
public record Overhead(double fitSecondsPlain, double fitSecondsWithPruning, double ratio, int repetitions,
                       List<Double> samplesPlain, List<Double> samplesWithPruning, double cpuSecondsPlain,
                       double cpuSecondsWithPruning, double cpuRatio, double listenerSecondsPerEpoch,
                       List<Double> samplesListener, double listenerRatio, int iterationsPerRepetition,
                       double ratioSpread, double cpuRatioSpread, double listenerRatioSpread, String method) {

    private static final Logger log = LoggerFactory.getLogger(Overhead.class);

    /** Untimed passes of both networks before the timed ones (JIT compilation, ND4J's first allocations). */
    public static final int WARM_UP_EPOCHS = 1;
    /** The spread of each ratio that more passes aim for. */
    public static final double TARGET_SPREAD = 0.005;
    /** Passes stop at this many times the requested repetitions, whatever the spread. */
    public static final int MAX_REPETITION_FACTOR = 2;

    static final String METHOD = "per-iteration interleaved: a plain and a masked clone fit each minibatch one after "
            + "the other (order alternating), each fit timed; ratios per pass over the data, mean and standard error";

    /**
     * @param dense       a trained network (cloned, never modified)
     * @param train       a fresh training iterator per call (the same batches each time)
     * @param repetitions passes over the data timed, at least 2 (a spread needs two)
     * @throws IllegalArgumentException if {@code repetitions < 2}
     */
    public static Overhead measure(MultiLayerNetwork dense, Supplier<DataSetIterator> train, EnergyModel energyModel,
                                   int repetitions) {
        if (repetitions < 2) {
            throw new IllegalArgumentException("repetitions must be >= 2 (the spread needs two passes), got "
                    + repetitions);
        }
        MultiLayerNetwork plain = dense.clone();
        plain.setListeners(new ArrayList<>());
        MultiLayerNetwork masked = dense.clone();
        masked.setListeners(new ArrayList<>());
        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(PruningRun.SAMPLE_EVERY).build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude())
                .energyModel(energyModel)
                .build())
                .statistics(stats)
                .build();
        pruning.pruneNow(masked, 0.5);
        TimedListeners timed = new TimedListeners(stats, pruning);
        masked.setListeners(timed);

        for (int i = 0; i < WARM_UP_EPOCHS; i++) {
            pass(plain, masked, timed, train.get());
        }
        List<double[]> passes = new ArrayList<>();
        int iterations = 0;
        while (passes.size() < repetitions || (passes.size() < MAX_REPETITION_FACTOR * repetitions
                && maxSpread(passes) >= TARGET_SPREAD)) {
            double[] p = pass(plain, masked, timed, train.get());
            passes.add(p);
            iterations = (int) p[5];
            log.info("overhead pass {}: plain {} s, with listeners {} s ({} s inside them), ratio {}", passes.size(),
                    fmt(p[0]), fmt(p[1]), fmt(p[4]), fmt(p[1] / p[0]));
        }
        if (!pruning.verify(masked).ok()) {
            throw new IllegalStateException("pruned weights came back while measuring the overhead: "
                    + pruning.verify(masked).summary());
        }
        List<Double> plainWall = column(passes, 0);
        List<Double> withWall = column(passes, 1);
        List<Double> inside = column(passes, 4);
        double[] wall = meanAndError(passes, p -> p[1] / p[0]);
        double[] cpu = meanAndError(passes, p -> p[3] / p[2]);
        double[] listener = meanAndError(passes, p -> (p[0] + p[4]) / p[0]);
        return new Overhead(median(plainWall), median(withWall), wall[0], passes.size(), plainWall, withWall,
                median(column(passes, 2)), median(column(passes, 3)), cpu[0], median(inside), inside, listener[0],
                iterations, wall[1], cpu[1], listener[1], METHOD);
    }

    /**
     * One pass over the data, both networks on every minibatch.
     *
     * @return plain wall, masked wall, plain CPU, masked CPU, inside the listeners (seconds), minibatches
     */
    private static double[] pass(MultiLayerNetwork plain, MultiLayerNetwork masked, TimedListeners timed,
                                 DataSetIterator data) {
        // Both networks leave minibatches in native memory that only a collection frees: start from a collected heap.
        System.gc();
        double[] t = new double[6];
        double insideBefore = timed.seconds();
        int k = 0;
        while (data.hasNext()) {
            DataSet batch = data.next();
            boolean plainFirst = k % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean isPlain = (side == 0) == plainFirst;
                long cpu0 = threadCpuNanos();
                long start = System.nanoTime();
                (isPlain ? plain : masked).fit(batch);
                long wall = System.nanoTime() - start;
                long cpu = threadCpuNanos() - cpu0;
                t[isPlain ? 0 : 1] += wall / 1e9;
                t[isPlain ? 2 : 3] += cpu0 < 0 ? Double.NaN : cpu / 1e9;
            }
            k++;
        }
        t[4] = timed.seconds() - insideBefore;
        t[5] = k;
        return t;
    }

    private static List<Double> column(List<double[]> passes, int c) {
        List<Double> out = new ArrayList<>();
        passes.forEach(p -> out.add(p[c]));
        return out;
    }

    private static double maxSpread(List<double[]> passes) {
        if (passes.size() < 2) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(meanAndError(passes, p -> p[1] / p[0])[1], Math.max(
                meanAndError(passes, p -> p[3] / p[2])[1], meanAndError(passes, p -> (p[0] + p[4]) / p[0])[1]));
    }

    /** The mean of a per-pass ratio and its standard error (sample standard deviation / sqrt(n)). */
    static double[] meanAndError(List<double[]> passes, java.util.function.ToDoubleFunction<double[]> ratio) {
        double[] r = passes.stream().mapToDouble(ratio).toArray();
        double mean = java.util.Arrays.stream(r).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        double error = r.length < 2 ? Double.NaN : Math.sqrt(ss / (r.length - 1) / r.length);
        return new double[] {mean, error};
    }

    /**
     * The calling thread's CPU time (nanosecond resolution; the process's, from the OS's clock ticks, is too coarse
     * for one iteration), or -1. With ND4J on one thread its ops run on the calling thread, so this is the fit's
     * compute; what it misses (garbage collection threads) the wall ratio includes.
     */
    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
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
        return String.format(Locale.ROOT, "per pass of %d minibatches, interleaved: %.3f s plain, %.3f s with both "
                        + "listeners: ratio %.4f ± %.4f (mean ± standard error of %d passes); CPU time ratio %.4f ± %.4f; "
                        + "%.3f s per pass inside the listeners: ratio %.4f ± %.4f",
                iterationsPerRepetition, fitSecondsPlain, fitSecondsWithPruning, ratio, ratioSpread, repetitions,
                cpuRatio, cpuRatioSpread, listenerSecondsPerEpoch, listenerRatio, listenerRatioSpread);
    }
}
