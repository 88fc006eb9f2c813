package io.github.dl4jpruning.examples;

import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.benchmark.latency.LatencyComparison;
import io.github.dl4jpruning.benchmark.data.MnistData;
import io.github.dl4jpruning.compact.CompactionResult;
import io.github.dl4jpruning.compact.Compactor;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.persist.PrunedModelSerializer;
import io.github.dl4jpruning.persist.RestoredModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.sparse.SizeReport;
import io.github.dl4jpruning.sparse.SparseExport;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * From training to a deployable, physically smaller model: train a dense 784-128-10 network, remove 80% of its hidden
 * neurons energy-aware ({@code Granularity.NEURONS}), retrain with the callback holding the masks, compact it into a
 * 784-26-10 network with the {@link Compactor}, save both (the masked network with its masks through
 * {@link PrunedModelSerializer}, the compacted one with DL4J's plain {@code ModelSerializer}, since it has nothing
 * pruned left to remember), load them back and predict. It prints the model files' sizes, the latency of the
 * masked and the compacted network side by side (batch 1 and 128, median of interleaved runs), and the accuracies.
 *
 * <p>For comparison it also prunes a copy of the dense network unstructured (90% of the weights by magnitude) and
 * writes it with {@link SparseExport}: the CSR file is small, but ND4J multiplies dense matrices, so only the
 * compacted network is faster.
 *
 * <p>Run: {@code java -cp ... io.github.dl4jpruning.examples.CompactAndDeploy [--quick]}; {@code --quick} uses 2,000
 * training and 1,000 test images, one dense and one retraining epoch, and fewer latency samples.
 */
public final class CompactAndDeploy {

    /** Fraction of the hidden neurons removed. */
    static final double NEURON_SPARSITY = 0.8;
    /** Fraction of the weights zeroed in the unstructured variant written as a sparse file. */
    static final double UNSTRUCTURED_SPARSITY = 0.9;

    private CompactAndDeploy() {
    }

    /**
     * What the example measured.
     *
     * @param accuracyDense               test accuracy before pruning
     * @param accuracyPruned              right after pruning, before retraining
     * @param accuracyMasked              the masked network after retraining
     * @param accuracyCompacted           the compacted network, loaded back from its file
     * @param maxAbsDiffCompacted         max |masked - loaded compacted| over the test set
     * @param maxAbsDiffRestored          max |masked before saving - masked restored| over the test set
     * @param restoredMasksMatch          whether the restored prune masks equal the callback's
     * @param hiddenBefore                hidden neurons before
     * @param hiddenAfter                 hidden neurons after compaction
     * @param macsBefore                  MACs per inference, dense
     * @param macsAfter                   MACs per inference, compacted
     * @param zipBytesDense               DL4J model zip of the dense network (no updater)
     * @param zipBytesMaskedWithMasks     the masked network with masks and statistics (PrunedModelSerializer)
     * @param zipBytesCompacted           DL4J model zip of the compacted network
     * @param unstructured                sizes of the 90%-unstructured variant as a sparse export
     * @param latencyBatch1               masked (A) vs compacted (B), batch 1
     * @param latencyBatch128             the same, batch 128
     */
    public record Result(double accuracyDense, double accuracyPruned, double accuracyMasked, double accuracyCompacted,
                         double maxAbsDiffCompacted, double maxAbsDiffRestored, boolean restoredMasksMatch,
                         long hiddenBefore, long hiddenAfter, long macsBefore, long macsAfter, long zipBytesDense,
                         long zipBytesMaskedWithMasks, long zipBytesCompacted, SizeReport unstructured,
                         LatencyComparison.Result latencyBatch1, LatencyComparison.Result latencyBatch128) {
    }

    public static void main(String[] args) {
        run(ExampleResult.quick(args));
    }

    /** Trains, prunes, compacts, saves, loads, measures, prints and returns the figures. */
    public static Result run(boolean quick) {
        try {
            Path dir = Files.createTempDirectory("compact-and-deploy");
            try {
                return run(quick, dir);
            } finally {
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(boolean quick, Path dir) throws IOException {
        long seed = 12345;
        DataSetIterator train = MnistData.train(128, quick ? 2_000 : 0, seed);
        DataSetIterator test = MnistData.test(128, quick ? 1_000 : 0, seed);
        MultiLayerNetwork net = MnistMlp.build(seed);

        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(4).build();
        net.setListeners(stats);
        net.fit(train, quick ? 1 : 3);
        double accuracyDense = net.evaluate(test).accuracy();
        File denseZip = dir.resolve("dense.zip").toFile();
        ModelSerializer.writeModel(net, denseZip, false);

        // The unstructured variant, only to see how small a sparse file gets.
        MultiLayerNetwork unstructured = net.clone();
        new Pruner(PruningConfig.builder().criterion(Criteria.magnitude()).scope(Scope.GLOBAL).build())
                .prune(NetworkAdapter.of(unstructured), new PruneMasks(), Signals.none(),
                        Target.sparsity(UNSTRUCTURED_SPARSITY));
        SizeReport sparse = SparseExport.write(unstructured, dir.resolve("unstructured-90.csr").toFile());

        // Structured: whole hidden neurons, ranked by signal per picojoule.
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.energyAware())
                .granularity(Granularity.NEURONS)
                .build())
                .statistics(stats)
                .build();
        net.addListeners(pruning);
        pruning.pruneNow(net, NEURON_SPARSITY);
        double accuracyPruned = net.evaluate(test).accuracy();
        net.fit(train, quick ? 1 : 2);                       // retraining; the callback keeps dead neurons dead
        net.setListeners(new ArrayList<>());
        double accuracyMasked = net.evaluate(test).accuracy();

        File maskedZip = dir.resolve("pruned-with-masks.zip").toFile();
        PrunedModelSerializer.save(maskedZip, net, pruning, false);
        CompactionResult compaction = Compactor.compactNetwork(net);
        File compactedZip = dir.resolve("compacted.zip").toFile();
        ModelSerializer.writeModel(compaction.network(), compactedZip, false);

        // Deployment side: load both files and predict.
        INDArray x = features(test);
        INDArray expected = net.output(x, false);
        RestoredModel<MultiLayerNetwork> restored = PrunedModelSerializer.restoreMultiLayerNetwork(maskedZip, false,
                true);
        MultiLayerNetwork masked = restored.network();
        MultiLayerNetwork compacted = ModelSerializer.restoreMultiLayerNetwork(compactedZip, false);
        double diffRestored = maxAbsDiff(masked.output(x, false), expected);
        double diffCompacted = maxAbsDiff(compacted.output(x, false), expected);
        boolean masksMatch = sameMasks(restored.state().masks(), pruning.masks());
        double accuracyCompacted = compacted.evaluate(test).accuracy();

        INDArray batch128 = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 128),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        INDArray batch1 = x.getRow(0, true).dup();
        // --quick measures only a little: it shows the mechanics, its timings are not worth reading.
        LatencyComparison one = LatencyComparison.builder().warmupCalls(quick ? 10 : 200).samples(quick ? 11 : 301)
                .callsPerSample(quick ? 5 : 20).build();
        LatencyComparison many = LatencyComparison.builder().warmupCalls(quick ? 2 : 20).samples(quick ? 5 : 301)
                .callsPerSample(quick ? 1 : 2).build();
        LatencyComparison.Result l1 = one.compare(LatencyComparison.inference(masked),
                LatencyComparison.inference(compacted), batch1);
        LatencyComparison.Result l128 = many.compare(LatencyComparison.inference(masked),
                LatencyComparison.inference(compacted), batch128);

        Result r = new Result(accuracyDense, accuracyPruned, accuracyMasked, accuracyCompacted, diffCompacted,
                diffRestored, masksMatch, compaction.layers().get(0).neuronsBefore(),
                compaction.layers().get(0).neuronsAfter(), compaction.macsBefore(), compaction.macsAfter(),
                denseZip.length(), maskedZip.length(), compactedZip.length(), sparse, l1, l128);
        print(r, pruning, net);
        return r;
    }

    private static void print(Result r, EnergyPruningCallback pruning, MultiLayerNetwork net) {
        System.out.println();
        System.out.printf(Locale.ROOT, "hidden neurons: %d -> %d, MACs per inference: %d -> %d (ratio %.3f)%n",
                r.hiddenBefore(), r.hiddenAfter(), r.macsBefore(), r.macsAfter(),
                (double) r.macsAfter() / r.macsBefore());
        System.out.printf(Locale.ROOT, "restored masked network vs before saving: max |diff| %.3g, masks equal: %s%n",
                r.maxAbsDiffRestored(), r.restoredMasksMatch());
        System.out.printf(Locale.ROOT, "loaded compacted network vs masked:       max |diff| %.3g%n",
                r.maxAbsDiffCompacted());
        System.out.println();
        System.out.println("| what | dense / masked | compacted |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| model zip (no updater) | %,d B dense, %,d B masked + masks | %,d B |%n",
                r.zipBytesDense(), r.zipBytesMaskedWithMasks(), r.zipBytesCompacted());
        System.out.printf(Locale.ROOT, "| latency, batch 1 (median) | %.1f us | %.1f us (ratio %.3f) |%n",
                r.latencyBatch1().medianNanosA() / 1e3, r.latencyBatch1().medianNanosB() / 1e3,
                r.latencyBatch1().ratio());
        System.out.printf(Locale.ROOT, "| latency, batch 128 (median) | %.1f us | %.1f us (ratio %.3f) |%n",
                r.latencyBatch128().medianNanosA() / 1e3, r.latencyBatch128().medianNanosB() / 1e3,
                r.latencyBatch128().ratio());
        System.out.printf(Locale.ROOT, "| test accuracy | %.2f%% dense, %.2f%% pruned, %.2f%% retrained | %.2f%% |%n",
                100 * r.accuracyDense(), 100 * r.accuracyPruned(), 100 * r.accuracyMasked(),
                100 * r.accuracyCompacted());
        SizeReport s = r.unstructured();
        System.out.printf(Locale.ROOT, "%nunstructured %.0f%% variant as a sparse export: %,d B as dense float32, "
                        + "%,d B CSR, %,d B gzipped (%d of %d weights non-zero)%n%n", 100 * UNSTRUCTURED_SPARSITY,
                s.denseBytes(), s.sparseBytes(), s.sparseGzipBytes(), s.nonZeroWeights(), s.weights());
        System.out.println(pruning.report(net).toMarkdown());
    }

    static INDArray features(DataSetIterator it) {
        List<INDArray> parts = new ArrayList<>();
        it.reset();
        while (it.hasNext()) {
            DataSet ds = it.next();
            parts.add(ds.getFeatures());
        }
        it.reset();
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    private static boolean sameMasks(PruneMasks a, PruneMasks b) {
        if (a == null || !a.keys().equals(b.keys())) {
            return false;
        }
        for (String k : a.keys()) {
            if (!java.util.Arrays.equals(a.values(k), b.values(k))) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
