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
 * <p>The ratios come from blocks of {@link #BLOCK} consecutive minibatches (a whole number of the statistics
 * listener's sampling periods, so every block holds the same share of sampled iterations): a block's ratio is the sum
 * of its masked times over the sum of its plain times, and each reported ratio is the median over all blocks of all
 * passes, robust to the blocks that another program or a collection disturbed. Its spread is the half-width of the
 * 95% percentile bootstrap interval of that median ({@link #BOOTSTRAP_RESAMPLES} resamples of the blocks, fixed
 * seed). After {@link #WARM_UP_EPOCHS} untimed pass, passes are added (at least the requested number, at most
 * {@link #MAX_REPETITION_FACTOR} times it) until the spread of every ratio is below {@link #TARGET_SPREAD}. The
 * listeners are also timed from inside ({@link TimedListeners}): {@code listenerRatio = (plain time + time inside
 * the listeners) / plain time}, the direct measure of their cost, which misses what they cost elsewhere (collecting
 * their garbage) that the end-to-end ratios include; {@code callbackRatio} counts only the time inside the pruning
 * callback, which is what holding the masks costs when no statistics are collected. The callback is built with
 * {@code statisticsUntilScheduleDone()}: with no scheduled step left it pauses the statistics listener after the first
 * iteration, which is the situation measured (fine-tuning with masks held after the schedule's last step); the
 * statistics' own cost while a schedule runs is measured in the core's {@code ListenerProfile}.
 *
 * @param fitSecondsPlain         median wall time of one plain pass, the sum of its iterations
 * @param fitSecondsWithPruning   median wall time of one pass with both listeners
 * @param ratio                   median over blocks of {@code with / plain} wall time
 * @param repetitions             timed passes over the training data
 * @param samplesPlain            every plain pass, seconds
 * @param samplesWithPruning      every pass with the listeners, seconds
 * @param cpuSecondsPlain         median CPU time of the training thread in one plain pass
 * @param cpuSecondsWithPruning   median CPU time of the training thread in one pass with both listeners
 * @param cpuRatio                median over blocks of {@code with / plain} CPU time
 * @param listenerSecondsPerEpoch median wall time spent inside the two listeners' callbacks in one pass
 * @param samplesListener         every such time, seconds, one per pass
 * @param listenerRatio           median over blocks of {@code (plain + inside the listeners) / plain}
 * @param iterationsPerRepetition minibatches in one pass, each fitted by both networks
 * @param ratioSpread             half-width of the 95% bootstrap interval of {@code ratio}
 * @param cpuRatioSpread          the same for {@code cpuRatio}
 * @param listenerRatioSpread     the same for {@code listenerRatio}
 * @param method                  how it was measured, in words
 * @param callbackRatio           median over blocks of {@code (plain + inside the pruning callback) / plain}
 * @param callbackRatioSpread     half-width of the 95% bootstrap interval of {@code callbackRatio}
 * @param blocks                  blocks of {@link #BLOCK} minibatches the medians are taken over
 */
public record Overhead(double fitSecondsPlain, double fitSecondsWithPruning, double ratio, int repetitions,
                       List<Double> samplesPlain, List<Double> samplesWithPruning, double cpuSecondsPlain,
                       double cpuSecondsWithPruning, double cpuRatio, double listenerSecondsPerEpoch,
                       List<Double> samplesListener, double listenerRatio, int iterationsPerRepetition,
                       double ratioSpread, double cpuRatioSpread, double listenerRatioSpread, String method,
                       double callbackRatio, double callbackRatioSpread, int blocks) {

    private static final Logger log = LoggerFactory.getLogger(Overhead.class);

    /** Untimed passes of both networks before the timed ones (JIT compilation, ND4J's first allocations). */
    public static final int WARM_UP_EPOCHS = 1;
    /** The spread of each ratio that more passes aim for. */
    public static final double TARGET_SPREAD = 0.005;
    /** Passes stop at this many times the requested repetitions, whatever the spread. */
    public static final int MAX_REPETITION_FACTOR = 2;
    /** Minibatches per block: 4 sampling periods of the statistics listener ({@link PruningRun#SAMPLE_EVERY}). */
    public static final int BLOCK = 4 * PruningRun.SAMPLE_EVERY;
    /** Bootstrap resamples for each spread. */
    public static final int BOOTSTRAP_RESAMPLES = 1000;

    static final String METHOD = "per-iteration interleaved: a plain and a masked clone fit each minibatch one after "
            + "the other (order alternating), each fit timed; ratios per block of " + BLOCK + " minibatches, median "
            + "over blocks, spread = half-width of the 95% bootstrap interval of the median; the callback holds masks "
            + "with no scheduled step left and was built with statisticsUntilScheduleDone(), so the statistics "
            + "listener is attached but paused (as after a schedule's last step)";

    /** Per pass: plain wall, masked wall, plain CPU, masked CPU, inside both listeners, inside the callback (s). */
    private static final int COLUMNS = 6;

    /**
     * @param dense       a trained network (cloned, never modified)
     * @param train       a fresh training iterator per call (the same batches each time)
     * @param repetitions passes over the data timed, at least 2
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
                .statisticsUntilScheduleDone()
                .build();
        pruning.pruneNow(masked, 0.5);
        TimedListeners timed = new TimedListeners(stats, pruning);
        masked.setListeners(timed);

        for (int i = 0; i < WARM_UP_EPOCHS; i++) {
            pass(plain, masked, timed, train.get());
        }
        List<double[][]> passes = new ArrayList<>();
        List<double[]> blocks = new ArrayList<>();
        double[] spreads = {Double.POSITIVE_INFINITY};
        while (passes.size() < repetitions || (passes.size() < MAX_REPETITION_FACTOR * repetitions
                && max(spreads) >= TARGET_SPREAD)) {
            double[][] p = pass(plain, masked, timed, train.get());
            passes.add(p);
            blocks.addAll(blocks(p));
            spreads = spreads(blocks);
            double[] sum = sums(p);
            log.info("overhead pass {}: plain {} s, with listeners {} s ({} s inside them), {} blocks so far, "
                    + "spreads {}", passes.size(), fmt(sum[0]), fmt(sum[1]), fmt(sum[4]), blocks.size(),
                    java.util.Arrays.toString(spreads));
        }
        if (!pruning.verify(masked).ok()) {
            throw new IllegalStateException("pruned weights came back while measuring the overhead: "
                    + pruning.verify(masked).summary());
        }
        List<double[]> perPass = passes.stream().map(Overhead::sums).toList();
        List<Double> plainWall = column(perPass, 0);
        List<Double> withWall = column(perPass, 1);
        List<Double> inside = column(perPass, 4);
        double[] median = new double[RATIOS];
        double[] spread = new double[RATIOS];
        for (int r = 0; r < RATIOS; r++) {
            double[] x = ratios(blocks, r);
            median[r] = median(x);
            spread[r] = bootstrapHalfWidth(x);
        }
        return new Overhead(median(plainWall), median(withWall), median[0], passes.size(), plainWall, withWall,
                median(column(perPass, 2)), median(column(perPass, 3)), median[1], median(inside), inside, median[2],
                passes.get(0)[0].length, spread[0], spread[1], spread[2], METHOD, median[3], spread[3], blocks.size());
    }

    /** Wall, CPU, inside both listeners, inside the callback. */
    private static final int RATIOS = 4;

    /**
     * One pass over the data, both networks on every minibatch.
     *
     * @return per column ({@link #COLUMNS}), per minibatch: seconds
     */
    private static double[][] pass(MultiLayerNetwork plain, MultiLayerNetwork masked, TimedListeners timed,
                                   DataSetIterator data) {
        // Both networks leave minibatches in native memory that only a collection frees: start from a collected heap.
        System.gc();
        List<double[]> rows = new ArrayList<>();
        int k = 0;
        while (data.hasNext()) {
            DataSet batch = data.next();
            double[] t = new double[COLUMNS];
            double insideBefore = timed.seconds();
            double callbackBefore = timed.seconds(1);
            boolean plainFirst = k % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean isPlain = (side == 0) == plainFirst;
                long cpu0 = threadCpuNanos();
                long start = System.nanoTime();
                (isPlain ? plain : masked).fit(batch);
                long wall = System.nanoTime() - start;
                long cpu = threadCpuNanos() - cpu0;
                t[isPlain ? 0 : 1] = wall / 1e9;
                t[isPlain ? 2 : 3] = cpu0 < 0 ? Double.NaN : cpu / 1e9;
            }
            t[4] = timed.seconds() - insideBefore;
            t[5] = timed.seconds(1) - callbackBefore;
            rows.add(t);
            k++;
        }
        double[][] byColumn = new double[COLUMNS][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < COLUMNS; c++) {
                byColumn[c][i] = rows.get(i)[c];
            }
        }
        return byColumn;
    }

    /** The column sums of one pass. */
    private static double[] sums(double[][] pass) {
        double[] s = new double[COLUMNS];
        for (int c = 0; c < COLUMNS; c++) {
            for (double x : pass[c]) {
                s[c] += x;
            }
        }
        return s;
    }

    /**
     * The column sums of each whole block of {@link #BLOCK} minibatches of one pass (a last partial block is left out);
     * a pass shorter than a block is one block.
     */
    static List<double[]> blocks(double[][] pass) {
        List<double[]> out = new ArrayList<>();
        int n = pass[0].length;
        int size = Math.min(BLOCK, n);
        for (int b = 0; size > 0 && b + size <= n; b += size) {
            double[] s = new double[pass.length];
            for (int i = b; i < b + size; i++) {
                for (int c = 0; c < pass.length; c++) {
                    s[c] += pass[c][i];
                }
            }
            out.add(s);
        }
        return out;
    }

    /** Ratio {@code r} ({@link #RATIOS}) of each block. */
    static double[] ratios(List<double[]> blocks, int r) {
        return blocks.stream().mapToDouble(b -> switch (r) {
            case 0 -> b[1] / b[0];
            case 1 -> b[3] / b[2];
            case 2 -> (b[0] + b[4]) / b[0];
            default -> (b[0] + b[5]) / b[0];
        }).toArray();
    }

    private static double[] spreads(List<double[]> blocks) {
        if (blocks.size() < 2) {
            return new double[] {Double.POSITIVE_INFINITY};
        }
        double[] s = new double[RATIOS];
        for (int r = 0; r < RATIOS; r++) {
            s[r] = bootstrapHalfWidth(ratios(blocks, r));
        }
        return s;
    }

    private static double max(double[] xs) {
        return java.util.Arrays.stream(xs).max().orElse(Double.POSITIVE_INFINITY);
    }

    /**
     * Half the width of the 95% percentile bootstrap interval of the median of {@code x}: {@link #BOOTSTRAP_RESAMPLES}
     * resamples with replacement from a fixed seed, so the same samples give the same spread. NaN for fewer than 2.
     */
    static double bootstrapHalfWidth(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        java.util.Random rnd = new java.util.Random(20261202L);
        double[] medians = new double[BOOTSTRAP_RESAMPLES];
        double[] resample = new double[x.length];
        for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
            for (int i = 0; i < x.length; i++) {
                resample[i] = x[rnd.nextInt(x.length)];
            }
            medians[b] = median(resample);
        }
        java.util.Arrays.sort(medians);
        double lo = medians[(int) Math.floor(0.025 * (BOOTSTRAP_RESAMPLES - 1))];
        double hi = medians[(int) Math.ceil(0.975 * (BOOTSTRAP_RESAMPLES - 1))];
        return (hi - lo) / 2;
    }

    private static List<Double> column(List<double[]> passes, int c) {
        List<Double> out = new ArrayList<>();
        passes.forEach(p -> out.add(p[c]));
        return out;
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
        return median(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(double[] xs) {
        double[] a = xs.clone();
        java.util.Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    private static String fmt(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d passes of %d minibatches, interleaved: %.3f s plain, %.3f s with both "
                        + "listeners per pass; medians over %d blocks of %d minibatches ± half-width of their 95%% "
                        + "bootstrap interval: wall ratio %.4f ± %.4f, CPU time ratio %.4f ± %.4f; %.3f s per pass "
                        + "inside the listeners: ratio %.4f ± %.4f (inside the pruning callback alone %.4f ± %.4f)",
                repetitions, iterationsPerRepetition, fitSecondsPlain, fitSecondsWithPruning, blocks, BLOCK, ratio,
                ratioSpread, cpuRatio, cpuRatioSpread, listenerSecondsPerEpoch, listenerRatio, listenerRatioSpread,
                callbackRatio, callbackRatioSpread);
    }
}
