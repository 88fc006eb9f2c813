package io.github.dl4jpruning.benchmark.compaction;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.Calibration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Locale;

/**
 * The pruning half of {@link CompactionExperiment}: removes hidden neurons with the energy-aware criterion in
 * {@code steps} steps of the core's iterative schedule (each removes the same share of what is still alive), each
 * after a fresh {@link Calibration} of the network as it is then and followed by its part of the retraining budget.
 */
final class GradualNeuronPruning {
    private static final Logger log = LoggerFactory.getLogger(CompactionExperiment.class);

    private final int steps;
    private final int retrainEpochs;
    private final int calibrationBatches;
    /** Step j of the schedule is its decision at the end of epoch j - 1: {@code 1 - (1 - s)^(j / steps)}. */
    private final PruningSchedule schedule;

    GradualNeuronPruning(double neuronSparsity, int steps, int retrainEpochs, int calibrationBatches) {
        this.steps = steps;
        this.retrainEpochs = retrainEpochs;
        this.calibrationBatches = calibrationBatches;
        this.schedule = PruningSchedule.iterative(0, 1, steps, neuronSparsity);
    }

    /** Prunes and retrains {@code net} in place; the callback holds the masks during retraining. */
    void pruneAndRetrain(MultiLayerNetwork net, DataSetIterator train) {
        // Fixed statistics, replaced by a calibration pass before each step, not collected during fit: the criterion
        // then ranks the network as it is right before that step.
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                        .criterion(Criteria.energyAware())
                        .granularity(Granularity.NEURONS)
                        .build())
                .statistics(new ActivationStats(0))
                .build();
        net.setListeners(pruning);
        for (int step = 1; step <= steps; step++) {
            double target = stepTarget(step);
            pruning.setStatistics(Calibration.run(net, train, calibrationBatches, 0));
            PruningEvent e = pruning.pruneNow(net, target);
            int epochs = epochsOfStep(step);
            log.info("step {}/{}: pruned to {} of the hidden neurons ({} of the weights), retraining {} epoch(s)",
                    step, steps, pct(target), pct(e.sparsity()), epochs);
            if (epochs > 0) {
                net.fit(train, epochs);
            }
        }
        net.setListeners(new ArrayList<>());
    }

    /** The schedule's target at step {@code step} (1-based); the last step asks for the final target itself. */
    double stepTarget(int step) {
        return schedule.atEpochEnd(step - 1).target();
    }

    /** The retraining budget split evenly; the last steps get the remainder. */
    int epochsOfStep(int step) {
        int base = retrainEpochs / steps;
        int extra = retrainEpochs % steps;
        return base + (step > steps - extra ? 1 : 0);
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * f);
    }
}
