package io.github.dl4jpruning.examples;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.datavec.api.records.reader.RecordReader;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Your own data through DataVec, pruned to an energy budget rather than a sparsity: "cut 80% of the estimated
 * energy". The example writes a small seeded CSV (600 rows: 10 numeric features and a label of 3 classes; 480 for
 * training, 120 for testing), reads it with {@link CSVRecordReader} and {@link RecordReaderDataSetIterator}, trains a
 * 10-64-64-3 MLP dense, then prunes energy-aware in three steps (1 - 0.2^(j/3): 41%, 66%, 80% of the energy) and
 * fine-tunes.
 *
 * <p>With an energy target the criterion's ranking matters twice: it says which weights go first (least signal per
 * picojoule) and the energy model says when the budget is met, so layers whose weights are cheap to keep (inputs that
 * rarely fire, under zero-skipping) keep more of them. The energy target counts the weights' energy; the biases'
 * adds and the activation writes are not prunable, so the network's total falls a little less than 80%.
 *
 * <p>Run: {@code java -cp ... io.github.dl4jpruning.examples.CsvEnergyTarget [--quick]}; {@code --quick} trains
 * fewer epochs (the data set is small either way).
 */
public final class CsvEnergyTarget {

    static final double ENERGY_REDUCTION = 0.8;
    private static final int FEATURES = 10;
    private static final int CLASSES = 3;

    private CsvEnergyTarget() {
    }

    public static void main(String[] args) {
        run(ExampleResult.quick(args));
    }

    /** Writes the CSV, trains, prunes to the energy target, prints and returns the figures. */
    public static ExampleResult run(boolean quick) {
        long seed = 12345;
        int denseEpochs = quick ? 10 : 30;
        int fineTuneEpochs = quick ? 3 : 10;
        Path dir = writeCsv(seed);
        DataSetIterator train = csvIterator(dir.resolve("train.csv"), 32);
        DataSetIterator test = csvIterator(dir.resolve("test.csv"), 32);
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(train);                   // mean and standard deviation of the training features
        train.setPreProcessor(normalizer);
        test.setPreProcessor(normalizer);

        MultiLayerNetwork net = new MultiLayerNetwork(configuration(seed));
        net.init();
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        net.setListeners(stats);
        net.fit(train, denseEpochs);
        double accuracyBefore = net.evaluate(test).accuracy();
        System.out.printf("dense, after %d epochs: test accuracy %.2f%%%n", denseEpochs, 100 * accuracyBefore);

        // Schedule epochs count from the start of training: prune at the end of the next three epochs.
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.energyAware())
                .energyModel(HardwareEnergyModel.defaults())
                .scope(Scope.GLOBAL)
                .targetKind(Target.Kind.ENERGY)
                .build())
                .schedule(PruningSchedule.iterative(denseEpochs, 1, 3, ENERGY_REDUCTION))
                .statistics(stats)
                .build();
        net.addListeners(pruning);
        net.fit(train, 3 + fineTuneEpochs);
        double accuracyAfter = net.evaluate(test).accuracy();

        PruningReport report = pruning.report(net);
        ExampleResult result = ExampleResult.of(accuracyBefore, accuracyAfter, report);
        System.out.printf("%ndata: %s%n", dir);
        System.out.printf("accuracy before pruning: %.2f%%%n", 100 * accuracyBefore);
        System.out.printf("accuracy after pruning and %d epochs of fine-tuning: %.2f%%%n", 3 + fineTuneEpochs,
                100 * accuracyAfter);
        System.out.printf("sparsity reached: %.2f%% of the weights%n", 100 * result.sparsity());
        System.out.printf("estimated energy per inference: %.4g pJ dense -> %.4g pJ pruned (%.1f%% less; target %.0f%%)%n%n",
                result.energyDensePicojoules(), result.energyAfterPicojoules(), 100 * result.energyReduction(),
                100 * ENERGY_REDUCTION);
        System.out.println(report.toMarkdown());
        return result;
    }

    /** Features in columns 0-9, the class index in column 10; one header line. */
    private static DataSetIterator csvIterator(Path csv, int batchSize) {
        try {
            RecordReader reader = new CSVRecordReader(1, ',');
            reader.initialize(new FileSplit(csv.toFile()));
            return new RecordReaderDataSetIterator(reader, batchSize, FEATURES, CLASSES);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read " + csv, e);
        }
    }

    private static MultiLayerConfiguration configuration(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(64).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(64).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(64).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build();
    }

    /**
     * Three Gaussian clusters in 10 dimensions, overlapping enough that accuracy is not trivially 100%, with a
     * nonlinear twist (class 2's features are squared) so that the hidden layers have work to do.
     */
    static Path writeCsv(long seed) {
        Random rng = new Random(seed);
        double[][] centres = new double[CLASSES][FEATURES];
        for (double[] c : centres) {
            for (int f = 0; f < FEATURES; f++) {
                c[f] = rng.nextGaussian();
            }
        }
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < 600; r++) {
            int label = rng.nextInt(CLASSES);
            StringBuilder line = new StringBuilder();
            for (int f = 0; f < FEATURES; f++) {
                double x = centres[label][f] + 1.5 * rng.nextGaussian();
                if (label == 2 && f < 3) {
                    x = x * x;
                }
                line.append(String.format(Locale.ROOT, "%.5f,", x));
            }
            rows.add(line.append(label).toString());
        }
        StringBuilder header = new StringBuilder();
        for (int f = 0; f < FEATURES; f++) {
            header.append('f').append(f).append(',');
        }
        header.append("label");
        try {
            Path dir = Files.createTempDirectory("dl4j-pruning-csv");
            // Deleted in reverse order of registration: the files, then the directory.
            dir.toFile().deleteOnExit();
            dir.resolve("train.csv").toFile().deleteOnExit();
            dir.resolve("test.csv").toFile().deleteOnExit();
            List<String> train = new ArrayList<>(List.of(header.toString()));
            train.addAll(rows.subList(0, 480));
            List<String> test = new ArrayList<>(List.of(header.toString()));
            test.addAll(rows.subList(480, 600));
            Files.write(dir.resolve("train.csv"), train);
            Files.write(dir.resolve("test.csv"), test);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the example's CSV files", e);
        }
    }
}
