package io.github.dl4jpruning.perf;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;

/**
 * Where the two listeners' time goes, per iteration, on the benchmark's 784-128-10 MLP (batch 128, 50% magnitude
 * masks, statistics every 4th iteration): each callback of each listener is timed (summed nanoTime), and a probe
 * listener repeats the sub-operations the callbacks are made of, timing each. Not a unit test; run by hand like
 * {@link ListenerOverhead}:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp dl4j-pruning-core/target/test-classes:dl4j-pruning-core/target/classes:$(cat /tmp/cp.txt) \
 *      io.github.dl4jpruning.perf.ListenerProfile [epochs=20] [batches=60]
 * </pre>
 */
public final class ListenerProfile {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private ListenerProfile() {
    }

    /** The calling thread's CPU time: the machine is shared, wall time measures the neighbours. */
    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        DataSet data = ListenerOverhead.randomData(batches * 128, 42);
        MultiLayerNetwork plain = ListenerOverhead.mlp();
        MultiLayerNetwork net = ListenerOverhead.mlp();
        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(4).build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude()).build()).statistics(stats).build();
        pruning.pruneNow(net, 0.5);
        Timers timers = new Timers();
        Probe probe = new Probe(pruning.masks(), timers);
        net.setListeners(new Timed("stats", stats, timers), new Timed("callback", pruning, timers), probe);
        long[] fit = new long[2];
        for (int e = 0; e < epochs + 2; e++) {
            if (e == 2) {
                timers.clear();
                fit[0] = 0;
                fit[1] = 0;
            }
            ViewIterator it = new ViewIterator(data, 128);
            int k = 0;
            while (it.hasNext()) {
                org.nd4j.linalg.dataset.api.DataSet b = it.next();
                for (int side = 0; side < 2; side++) {
                    boolean isPlain = (side == 0) == (k % 2 == 0);
                    long t = now();
                    (isPlain ? plain : net).fit(b);
                    fit[isPlain ? 0 : 1] += now() - t;
                }
                k++;
            }
        }
        long iterations = (long) epochs * batches;
        System.out.printf(Locale.ROOT, "%d iterations; plain fit %.1f us/iter, masked fit %.1f us/iter (incl. probe)%n",
                iterations, fit[0] / 1e3 / iterations, fit[1] / 1e3 / iterations);
        timers.print(iterations, fit[0]);
        if (!pruning.verify(net).ok()) {
            throw new IllegalStateException("pruned weights came back");
        }
    }

    static final class Timers {
        final Map<String, long[]> t = new LinkedHashMap<>();

        void add(String name, long nanos) {
            long[] a = t.computeIfAbsent(name, k -> new long[2]);
            a[0] += nanos;
            a[1]++;
        }

        void clear() {
            t.clear();
        }

        void print(long iterations, long plainNanos) {
            t.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-40s %9.2f us/iter  %9.2f us/call  %6d calls  %.3f%% of plain%n",
                    k, v[0] / 1e3 / iterations, v[0] / 1e3 / v[1], v[1], 100.0 * v[0] / plainNanos));
        }
    }

    /** Forwards every callback to one listener, timing each kind of call. */
    static final class Timed extends BaseTrainingListener {
        private final String name;
        private final TrainingListener l;
        private final Timers timers;

        Timed(String name, TrainingListener l, Timers timers) {
            this.name = name;
            this.l = l;
            this.timers = timers;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            long t = now();
            l.iterationDone(model, iteration, epoch);
            timers.add(name + ".iterationDone", now() - t);
        }

        @Override
        public void onEpochStart(Model model) {
            long t = now();
            l.onEpochStart(model);
            timers.add(name + ".onEpochStart", now() - t);
        }

        @Override
        public void onEpochEnd(Model model) {
            long t = now();
            l.onEpochEnd(model);
            timers.add(name + ".onEpochEnd", now() - t);
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            long t = now();
            l.onForwardPass(model, activations);
            timers.add(name + ".onForwardPass", now() - t);
        }

        @Override
        public void onGradientCalculation(Model model) {
            long t = now();
            l.onGradientCalculation(model);
            timers.add(name + ".onGradientCalculation", now() - t);
        }

        @Override
        public void onBackwardPass(Model model) {
            long t = now();
            l.onBackwardPass(model);
            timers.add(name + ".onBackwardPass", now() - t);
        }
    }

    /** Repeats the callbacks' sub-operations (idempotent: masking twice changes nothing), timing each. */
    static final class Probe extends BaseTrainingListener {
        private final PruneMasks masks;
        private final Timers timers;
        private final ActivationStats scratch = new ActivationStats(0);
        private final Map<String, int[]> positions = new LinkedHashMap<>();

        /** Writes 0 at every pruned entry of a 2-d float array with default strides, from a precomputed index list. */
        void scatterZeros(INDArray a, String key) {
            int[] pos = positions.computeIfAbsent(key, k -> {
                java.util.BitSet b = masks.pruned(k);
                long[] shape = masks.shape(k);
                int rows = (int) shape[0];
                int cols = (int) shape[1];
                int[] out = new int[b.cardinality()];
                int n = 0;
                for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                    int r = i / cols;
                    int c = i % cols;
                    out[n++] = a.ordering() == 'f' ? c * rows + r : i;
                }
                return out;
            });
            java.nio.FloatBuffer fb = a.data().asNioFloat();
            int off = (int) a.offset();
            for (int p : pos) {
                fb.put(off + p, 0f);
            }
        }

        Probe(PruneMasks masks, Timers timers) {
            this.masks = masks;
            this.timers = timers;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            for (int i = 0; i < activations.size(); i++) {
                long t = now();
                scratch.record("a" + i, activations.get(i));
                timers.add("probe.record[" + i + "] " + java.util.Arrays.toString(activations.get(i).shape()),
                        now() - t);
            }
        }

        @Override
        public void onGradientCalculation(Model model) {
            long t = now();
            Map<String, INDArray> g = model.gradient().gradientForVariable();
            timers.add("probe.grad.gradientForVariable", now() - t);
            for (String key : masks.keys()) {
                t = now();
                INDArray gk = g.get(key);
                long n = masks.prunedCount(key);
                INDArray m = n > 0 ? masks.array(key, gk.dataType(), gk.ordering()) : null;
                boolean same = m != null && java.util.Arrays.equals(m.shape(), gk.shape());
                timers.add("probe.grad.lookup " + key, now() - t);
                if (m != null && same) {
                    t = now();
                    gk.muli(m);
                    timers.add("probe.grad.muli " + key + " pruned=" + n, now() - t);
                    t = now();
                    scatterZeros(gk, key);
                    timers.add("probe.grad.scatter " + key, now() - t);
                }
            }
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            for (String key : masks.keys()) {
                long t = now();
                INDArray p = net.getParam(key);
                timers.add("probe.param.getParam " + key, now() - t);
                t = now();
                INDArray m = masks.array(key, p.dataType(), p.ordering());
                timers.add("probe.param.array " + key, now() - t);
                if (masks.prunedCount(key) > 0) {
                    t = now();
                    p.muli(m);
                    timers.add("probe.param.muli " + key, now() - t);
                    t = now();
                    scatterZeros(p, key);
                    timers.add("probe.param.scatter " + key, now() - t);
                }
            }
            long t = now();
            Thread.currentThread().getName().startsWith("x");
            timers.add("probe.threadName", now() - t);
        }
    }
}
