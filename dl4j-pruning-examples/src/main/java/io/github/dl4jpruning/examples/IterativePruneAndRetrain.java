package io.github.dl4jpruning.examples;

import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.benchmark.data.MnistData;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Han et al.'s iterative prune-and-retrain, driven by hand: train a dense 784-128-10 network, then four rounds of
 * "prune to the next sparsity with {@code pruneNow}, retrain one epoch". Each round halves what is still alive
 * (50%, 75%, 87.5%, 93.75%). During retraining the callback stays attached and keeps every pruned weight at exactly
 * zero; it never prunes on its own, because its schedule says "never".
 *
 * <p>The same rounds as a schedule: {@code PruningSchedule.iterative(start, 1, 4, 0.9375)} prunes at the end of four
 * consecutive epochs; doing it by hand lets you evaluate (or stop) between pruning and retraining.
 *
 * <p>Run: {@code java -cp ... io.github.dl4jpruning.examples.IterativePruneAndRetrain [--quick]}; {@code --quick}
 * uses 2,000 training and 1,000 test images and one dense epoch instead of three.
 */
public final class IterativePruneAndRetrain {

    /** The sparsity each round prunes to. */
    static final double[] TARGETS = {0.5, 0.75, 0.875, 0.9375};

    private IterativePruneAndRetrain() {
    }

    /**
     * One line of the table.
     *
     * @param round                 0 for the dense network
     * @param target                the sparsity asked for
     * @param sparsity              the fraction of weights that are zero after retraining
     * @param accuracyPruned        test accuracy right after pruning, before retraining
     * @param accuracy              test accuracy after retraining
     * @param energyPicojoules      estimated energy per inference
     * @param energyDensePicojoules estimated energy per inference of the same network with every weight
     */
    public record Round(int round, double target, double sparsity, double accuracyPruned, double accuracy,
                        double energyPicojoules, double energyDensePicojoules) {

        /** Fraction of the dense estimated energy removed. */
        public double energyReduction() {
            return 1 - energyPicojoules / energyDensePicojoules;
        }
    }

    public static void main(String[] args) {
        run(ExampleResult.quick(args));
    }

    /** Trains, prunes in rounds, prints a table per round and the final report; returns the rounds (dense first). */
    public static List<Round> run(boolean quick) {
        long seed = 12345;
        DataSetIterator train = MnistData.train(128, quick ? 2_000 : 0, seed);
        DataSetIterator test = MnistData.test(128, quick ? 1_000 : 0, seed);
        MultiLayerNetwork net = MnistMlp.build(seed);

        // Statistics collected while training dense are what the energy-aware criterion ranks with.
        ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(4).build();
        net.setListeners(stats);
        net.fit(train, quick ? 1 : 3);

        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.energyAware())
                .energyModel(HardwareEnergyModel.defaults())
                .scope(Scope.GLOBAL)
                .build())
                .schedule(PruningSchedule.never())   // we prune with pruneNow; the callback only holds masks
                .statistics(stats)
                .build();
        net.addListeners(pruning);

        List<Round> rounds = new ArrayList<>();
        double denseAccuracy = net.evaluate(test).accuracy();
        rounds.add(round(0, 0, denseAccuracy, denseAccuracy, pruning.report(net)));
        System.out.println(header());
        System.out.println(row(rounds.get(0)));
        for (int r = 1; r <= TARGETS.length; r++) {
            pruning.pruneNow(net, TARGETS[r - 1]);
            double accuracyPruned = net.evaluate(test).accuracy();
            net.fit(train);                                           // one epoch of retraining, masks held
            double accuracy = net.evaluate(test).accuracy();
            rounds.add(round(r, TARGETS[r - 1], accuracyPruned, accuracy, pruning.report(net)));
            System.out.println(row(rounds.get(r)));
        }
        System.out.println(header());
        rounds.forEach(done -> System.out.println(row(done)));
        System.out.println();
        System.out.println(pruning.report(net).toMarkdown());
        return rounds;
    }

    private static Round round(int r, double target, double accuracyPruned, double accuracy, PruningReport report) {
        return new Round(r, target, report.totalRow().weightSparsity(), accuracyPruned, accuracy,
                report.total().pruned(), report.total().dense());
    }

    private static String header() {
        return "\n| round | sparsity | accuracy after pruning | accuracy after retraining | energy (pJ) | vs dense |\n"
                + "|---:|---:|---:|---:|---:|---:|";
    }

    private static String row(Round r) {
        return String.format(java.util.Locale.ROOT, "| %d | %.2f%% | %.2f%% | %.2f%% | %.4g | -%.1f%% |",
                r.round(), 100 * r.sparsity(), 100 * r.accuracyPruned(), 100 * r.accuracy(), r.energyPicojoules(),
                100 * r.energyReduction());
    }
}
