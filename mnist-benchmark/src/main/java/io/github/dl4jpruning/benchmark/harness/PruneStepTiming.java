package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.stats.ActivationStats;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code benchmark.json}'s {@code pruneStepMillis}: the wall time of one pruning step (score, select, mask: what
 * {@link PruningEvent#millis()} covers) on the trained dense network, as the median of {@code repetitions} steps after
 * {@link #WARM_UP} untimed ones. Each step runs on a fresh clone of the dense network (cloning is not timed), so every
 * step does the same work. A single step inside a run is dominated by the first call's JIT compilation and ND4J's
 * first allocations; that is not what a user pays on the tenth step of a schedule.
 *
 * @param criterion    the criterion's name ({@link Criteria#byName(String)})
 * @param sparsity     the sparsity each step prunes to
 * @param medianMillis median step time, milliseconds
 * @param minMillis    fastest step, milliseconds
 * @param repetitions  timed steps
 * @param samples      every timed step, milliseconds
 */
public record PruneStepTiming(String criterion, double sparsity, double medianMillis, double minMillis,
                              int repetitions, List<Double> samples) {

    private static final Logger log = LoggerFactory.getLogger(PruneStepTiming.class);

    /** Untimed steps before the timed ones. */
    public static final int WARM_UP = 3;

    /**
     * @param dense       a trained network (cloned, never modified)
     * @param stats       the statistics the criterion reads (those collected while {@code dense} trained)
     * @param repetitions timed steps, at least 1
     */
    public static PruneStepTiming measure(MultiLayerNetwork dense, ActivationStats stats, String criterion,
                                          EnergyModel energyModel, double sparsity, int repetitions, long seed) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < WARM_UP + repetitions; i++) {
            MultiLayerNetwork net = dense.clone();
            net.setListeners(new ArrayList<>());
            EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                    .criterion(Criteria.byName(criterion))
                    .energyModel(energyModel)
                    .scope(Scope.GLOBAL)
                    .seed(seed)
                    .build())
                    .statistics(stats)
                    .schedule(PruningSchedule.never())
                    .build();
            PruningEvent event = pruning.pruneNow(net, sparsity);
            if (i >= WARM_UP) {
                samples.add(event.millis());
            }
        }
        double median = Overhead.median(samples);
        double min = samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        log.info("pruning step ({}, {}% sparsity): median {} ms of {}", criterion, Math.round(100 * sparsity),
                String.format(Locale.ROOT, "%.2f", median), repetitions);
        return new PruneStepTiming(criterion, sparsity, median, min, repetitions, List.copyOf(samples));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "one pruning step (%s, %.0f%% sparsity) %.1f ms (median of %d, fastest %.1f)",
                criterion, 100 * sparsity, medianMillis, repetitions, minMillis);
    }
}
