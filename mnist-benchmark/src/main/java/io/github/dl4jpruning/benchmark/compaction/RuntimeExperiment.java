package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.benchmark.model.MnistLeNet;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.runtime.KernelPolicy;
import io.github.dl4jpruning.runtime.RuntimeModel;
import io.github.dl4jpruning.runtime.dl4j.Dl4jExporter;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.stats.Calibration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J against the plain-Java runtime on the networks of issue 14, timed interleaved in one run:
 * <ul>
 *   <li>784-128-10 trained on MNIST, pruned to 90% unstructured sparsity (magnitude, global) and retrained one
 *       epoch with the masks held: DL4J {@code output()} (dense), the runtime with its dense kernel and with the
 *       kernels its cost model picks (sparse);</li>
 *   <li>the same dense network with 80% of its hidden neurons removed (energy-aware) and compacted to 784-26-10:
 *       DL4J and the runtime;</li>
 *   <li>a LeNet-5-style CNN (conv 5x5x6, max-pool, conv 5x5x16, max-pool, dense 120, softmax 10) trained one epoch,
 *       half its filters (and dense neurons) removed by {@code Granularity.NEURONS} and compacted by today's
 *       {@link Compactor}: DL4J and the runtime, dense and compacted, against the MAC ratio.</li>
 * </ul>
 * Inputs are the first test images (batch 1 and 128). Every runtime output is compared with DL4J's.
 */
public final class RuntimeExperiment {
    private static final Logger log = LoggerFactory.getLogger(RuntimeExperiment.class);

    /** The LeNet-style network's input: flat MNIST rows seen as one 28 x 28 channel. */
    public static final InputType LENET_INPUT = MnistLeNet.INPUT;
    /** Rows of the large batch. */
    public static final int LARGE_BATCH = 128;

    private final long seed;
    private final int epochs;
    private final InterleavedTimer batch1;
    private final InterleavedTimer batch128;

    /**
     * @param seed    weights and shuffling
     * @param epochs  dense training epochs of the MLP (the CNN trains one)
     * @param quick   fewer latency samples (a smoke test; its timings are not worth reading)
     */
    public RuntimeExperiment(long seed, int epochs, boolean quick) {
        this.seed = seed;
        this.epochs = epochs;
        this.batch1 = quick ? new InterleavedTimer(50, 31, 10) : new InterleavedTimer(1000, 201, 20);
        this.batch128 = quick ? new InterleavedTimer(5, 15, 1) : new InterleavedTimer(50, 101, 2);
    }

    /** Trains, prunes, compacts, exports, checks outputs and times everything. */
    public RuntimeMeasurement run(DataSetIterator train, DataSetIterator test, int trainExamples) {
        MultiLayerNetwork dense = MnistMlp.build(seed);
        log.info("training 784-128-10 for {} epoch(s)", epochs);
        dense.fit(train, epochs);

        MultiLayerNetwork sparse = dense.clone();
        EnergyPruningCallback magnitude = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude()).build()).build();
        sparse.setListeners(magnitude);
        magnitude.pruneNow(sparse, 0.9);
        sparse.fit(train, 1);
        sparse.setListeners(new ArrayList<>());

        MultiLayerNetwork neurons = dense.clone();
        new GradualNeuronPruning(0.8, 1, 1, 20).pruneAndRetrain(neurons, train);
        MultiLayerNetwork compact = (MultiLayerNetwork) Compactor.compactNetwork(neurons).network();

        MultiLayerNetwork lenet = new MultiLayerNetwork(MnistLeNet.configuration(seed));
        lenet.init();
        log.info("training the LeNet-style CNN for 1 epoch");
        lenet.fit(train);
        MultiLayerNetwork lenetPruned = lenet.clone();
        EnergyPruningCallback filters = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.energyAware()).granularity(Granularity.NEURONS).build())
                .inputType(LENET_INPUT).statistics(Calibration.run(lenet, train, 20, 0)).build();
        lenetPruned.setListeners(filters);
        filters.pruneNow(lenetPruned, 0.5);
        lenetPruned.setListeners(new ArrayList<>());
        CompactionResult lenetCompaction = Compactor.builder().inputType(LENET_INPUT).build().compact(lenetPruned);
        MultiLayerNetwork lenetSmall = (MultiLayerNetwork) lenetCompaction.network();

        INDArray x128 = SideBySide.firstRows(test, LARGE_BATCH).castTo(DataType.FLOAT);
        INDArray x1 = x128.getRow(0, true).dup('c');
        float[] r128 = x128.dup('c').data().asFloat();
        float[] r1 = x1.data().asFloat();

        List<Net> nets = List.of(
                new Net("784-128-10 sparse90", sparse, Dl4jExporter.export(sparse, null, KernelPolicy.DENSE),
                        Dl4jExporter.export(sparse), 784L * 128 + 128 * 10),
                new Net("784-26-10 compacted", compact, null, Dl4jExporter.export(compact),
                        macs(compact)),
                new Net("lenet dense", lenet, null, Dl4jExporter.export(lenet, LENET_INPUT),
                        lenetCompaction.macsBefore()),
                new Net("lenet compacted", lenetSmall, null, Dl4jExporter.export(lenetSmall, LENET_INPUT),
                        lenetCompaction.macsAfter()));

        double maxDiff = 0;
        for (Net n : nets) {
            maxDiff = Math.max(maxDiff, diff(n.dl4j.output(x128, false), n.runtime.output(r128, LARGE_BATCH)));
            if (n.runtimeDense != null) {
                maxDiff = Math.max(maxDiff, diff(n.dl4j.output(x128, false), n.runtimeDense.output(r128,
                        LARGE_BATCH)));
            }
        }
        log.info("max |DL4J - runtime| over all networks: {}", maxDiff);

        List<RuntimeMeasurement.Row> rows = new ArrayList<>();
        Map<String, InterleavedTimer.Stats> t1 = batch1.time(calls(nets, x1, r1, 1));
        Map<String, InterleavedTimer.Stats> t128 = batch128.time(calls(nets, x128, r128, LARGE_BATCH));
        rows(rows, nets, t1, 1);
        rows(rows, nets, t128, LARGE_BATCH);

        double sparse90 = med(t1, "784-128-10 sparse90|dl4j") / med(t1, "784-128-10 sparse90|runtime");
        double compactSpeedup = med(t1, "784-26-10 compacted|dl4j") / med(t1, "784-26-10 compacted|runtime");
        double ratio128 = 0;
        for (String n : List.of("784-128-10 sparse90", "784-26-10 compacted", "lenet compacted")) {
            ratio128 = Math.max(ratio128, med(t128, n + "|runtime") / med(t128, n + "|dl4j"));
        }
        double ownDense = med(t1, "784-128-10 sparse90|runtime-dense") / med(t1, "784-128-10 sparse90|runtime");
        double macRatio = (double) lenetCompaction.macsBefore() / lenetCompaction.macsAfter();
        double lenetSpeedup = med(t1, "lenet dense|runtime") / med(t1, "lenet compacted|runtime");
        RuntimeMeasurement m = new RuntimeMeasurement(sparse90, compactSpeedup, ratio128, maxDiff, ownDense,
                macRatio, lenetSpeedup, lenetSpeedup / macRatio, trainExamples, epochs, rows);
        log.info(String.format(Locale.ROOT, "runtime: sparse90 batch 1 %.2fx DL4J (own dense %.2fx), compact batch 1 "
                        + "%.2fx DL4J, batch 128 worst ratio %.3f, LeNet %.2fx for a MAC ratio of %.2f", sparse90,
                ownDense, compactSpeedup, ratio128, lenetSpeedup, macRatio));
        return m;
    }

    private record Net(String name, MultiLayerNetwork dl4j, RuntimeModel runtimeDense, RuntimeModel runtime,
                       long dl4jMacs) {
    }

    private static Map<String, Runnable> calls(List<Net> nets, INDArray x, float[] r, int batch) {
        Map<String, Runnable> calls = new LinkedHashMap<>();
        for (Net n : nets) {
            calls.put(n.name + "|dl4j", () -> n.dl4j.output(x, false));
            if (n.runtimeDense != null) {
                calls.put(n.name + "|runtime-dense", () -> n.runtimeDense.output(r, batch));
            }
            calls.put(n.name + "|runtime", () -> n.runtime.output(r, batch));
        }
        return calls;
    }

    private static void rows(List<RuntimeMeasurement.Row> rows, List<Net> nets, Map<String, InterleavedTimer.Stats> t,
                             int batch) {
        for (Net n : nets) {
            add(rows, n.name, "dl4j", "nd4j", batch, n.dl4jMacs, t.get(n.name + "|dl4j"));
            if (n.runtimeDense != null) {
                add(rows, n.name, "runtime", kernels(n.runtimeDense), batch, n.dl4jMacs,
                        t.get(n.name + "|runtime-dense"));
            }
            add(rows, n.name, "runtime", kernels(n.runtime), batch, n.runtime.macs(), t.get(n.name + "|runtime"));
        }
    }

    private static void add(List<RuntimeMeasurement.Row> rows, String net, String engine, String kernel, int batch,
                            long macs, InterleavedTimer.Stats s) {
        rows.add(new RuntimeMeasurement.Row(net, engine, kernel, batch, macs, s.medianNanos() / 1e3,
                s.p25Nanos() / 1e3, s.p75Nanos() / 1e3));
    }

    private static String kernels(RuntimeModel m) {
        List<String> k = new ArrayList<>();
        m.layers().forEach(l -> {
            if (!"-".equals(l.kernel())) {
                k.add(l.kernel());
            }
        });
        return String.join(" ", k);
    }

    private static double med(Map<String, InterleavedTimer.Stats> t, String key) {
        return t.get(key).medianNanos();
    }

    private static long macs(MultiLayerNetwork mlp) {
        long m = 0;
        for (int i = 0; i < mlp.getnLayers(); i++) {
            m += mlp.getLayer(i).getParam("W").length();
        }
        return m;
    }

    private static double diff(INDArray expected, float[] actual) {
        float[] e = expected.castTo(DataType.FLOAT).dup('c').data().asFloat();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - actual[i]));
        }
        return max;
    }
}
