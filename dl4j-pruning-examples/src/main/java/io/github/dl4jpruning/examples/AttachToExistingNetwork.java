package io.github.dl4jpruning.examples;

import io.github.dl4jpruning.benchmark.model.MnistMlp;
import io.github.dl4jpruning.benchmark.data.MnistData;
import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.PolynomialDecaySchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Scope;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A plain DL4J MNIST training program (784-128-10, Adam, 5 epochs, {@code Evaluation} after each epoch) with the
 * lines marked {@code // + pruning} added: they attach one {@link EnergyPruningCallback} that collects activation
 * statistics (every 4th minibatch) and prunes energy-aware, globally, on a cubic schedule to 90% sparsity at the end of
 * epochs 2, 3 and 4 (63%, 87%, 90%), and leaves epoch 5 for recovery. Remove those lines and it is the program you
 * started from.
 *
 * <p>"Before pruning" is the test accuracy after epoch 1, which the schedule leaves dense (its target there is 0).
 * That keeps this a single training run, as a user's would be; the same network trained dense for the full 5 epochs
 * reaches about 97% (the benchmark's {@code --scenario dense}), which is the fair comparison for the final accuracy.
 *
 * <p>Run: {@code java -cp ... io.github.dl4jpruning.examples.AttachToExistingNetwork [--quick]}; {@code --quick} uses
 * 2,000 training and 1,000 test images (the schedule is the same, so it still needs its 5 short epochs).
 */
public final class AttachToExistingNetwork {

    private AttachToExistingNetwork() {
    }

    public static void main(String[] args) {
        run(ExampleResult.quick(args));
    }

    /** Trains, prunes, prints and returns the figures. */
    public static ExampleResult run(boolean quick) {
        long seed = 12345;
        int batchSize = 128;
        int epochs = 5;
        DataSetIterator train = MnistData.train(batchSize, quick ? 2_000 : 0, seed);  // 0 = all 60,000
        DataSetIterator test = MnistData.test(batchSize, quick ? 1_000 : 0, seed);    // 0 = all 10,000
        MultiLayerNetwork net = MnistMlp.build(seed);

        PruningConfig config = PruningConfig.builder()                                             // + pruning
                .criterion(Criteria.energyAware())                                                 // + pruning
                .energyModel(HardwareEnergyModel.defaults())                                       // + pruning
                .scope(Scope.GLOBAL)                                                               // + pruning
                .build();                                                                          // + pruning
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(config)                      // + pruning
                .collectStatistics(4)                                                              // + pruning
                .scheduleFromAttach()                                                              // + pruning
                .schedule(PruningSchedule.polynomial(0, 3, 1, 0.0, 0.9, 3,                         // + pruning
                        PolynomialDecaySchedule.Unit.EPOCHS))                                      // + pruning
                .build();                                                                          // + pruning
        net.setListeners(new ScoreIterationListener(200), pruning);  // + pruning: pruning

        double accuracyBefore = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            net.fit(train);
            Evaluation eval = net.evaluate(test);
            System.out.printf("epoch %d: test accuracy %.2f%%, sparsity %.2f%%%n",
                    epoch, 100 * eval.accuracy(), 100 * pruning.sparsity());                       // + pruning
            if (epoch == 1) {
                accuracyBefore = eval.accuracy();
            }
        }
        double accuracyAfter = net.evaluate(test).accuracy();

        PruningReport report = pruning.report(net);                                                // + pruning
        ExampleResult result = ExampleResult.of(accuracyBefore, accuracyAfter, report);
        System.out.printf("%naccuracy before pruning (dense, after epoch 1): %.2f%%%n", 100 * accuracyBefore);
        System.out.printf("accuracy after pruning (epoch %d):               %.2f%%%n", epochs, 100 * accuracyAfter);
        System.out.printf("sparsity reached: %.2f%% of the weights%n", 100 * result.sparsity());
        System.out.printf("estimated energy per inference: %.4g pJ dense -> %.4g pJ pruned (%.1f%% less)%n%n",
                result.energyDensePicojoules(), result.energyAfterPicojoules(), 100 * result.energyReduction());
        System.out.println(report.toMarkdown());                                                   // + pruning
        return result;
    }
}
