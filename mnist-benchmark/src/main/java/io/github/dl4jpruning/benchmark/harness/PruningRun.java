package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.EnergyPruningCallbackBuilder;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.report.LayerReport;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.PolynomialDecaySchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.stats.Calibration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one row of the sweep on one seed: clone the trained dense network, prune it as the row says, retrain with the
 * masks held by an {@link EnergyPruningCallback}, evaluate, and estimate the energy with the network's own firing
 * rates.
 *
 * <ul>
 *   <li>{@code one-shot}: prune once to the target with the statistics collected while the dense network trained,
 *   evaluate (accuracy one-shot), then retrain {@code retrainEpochs}.</li>
 *   <li>{@code agp}: Zhu and Gupta's cubic schedule ({@code s_i = 0}) over the iterations of the first
 *   {@code retrainEpochs - 2} retraining epochs (half of the epoch when there is only one), in
 *   {@link #AGP_STEPS} steps, with live statistics collected during the retraining; the remaining epochs fine-tune.</li>
 * </ul>
 * Every row uses global ranking over both layers (hidden and output).
 */
public final class PruningRun {

    /** Pruning steps of the AGP schedule (fewer if the retraining has fewer iterations). */
    public static final int AGP_STEPS = 16;
    /** Training batches of the calibration pass that measures firing rates for the energy estimate. */
    public static final int CALIBRATION_BATCHES = 20;
    /** Every k-th iteration feeds the statistics listener during AGP retraining. */
    public static final int SAMPLE_EVERY = 4;

    private final EnergyModel energyModel;
    private final Supplier<DataSetIterator> train;
    private final Supplier<DataSetIterator> test;
    private final int retrainEpochs;
    private final int trainExamples;
    private final int batchSize;
    private final PrintStream console;

    /**
     * @param train         a fresh training iterator per call (same seed, so every row sees the same order)
     * @param test          a fresh test iterator per call
     * @param trainExamples training examples per epoch (for the progress bar and the AGP span)
     */
    public PruningRun(EnergyModel energyModel, Supplier<DataSetIterator> train, Supplier<DataSetIterator> test,
                      int retrainEpochs, int trainExamples, int batchSize, PrintStream console) {
        this.energyModel = energyModel;
        this.train = train;
        this.test = test;
        this.retrainEpochs = retrainEpochs;
        this.trainExamples = trainExamples;
        this.batchSize = batchSize;
        this.console = console;
    }

    /** Prunes, retrains and measures a clone of {@code dense.network()}. */
    public SeedResult run(RowSpec row, DenseStart dense) {
        MultiLayerNetwork net = dense.network().clone();
        net.setListeners(new ArrayList<>());
        DataSetIterator trainData = train.get();
        Target.Kind kind = "energy".equals(row.target().kind()) ? Target.Kind.ENERGY : Target.Kind.SPARSITY;
        EnergyPruningCallbackBuilder builder = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.byName(row.criterion()))
                .energyModel(energyModel)
                .scope(Scope.GLOBAL)
                .targetKind(kind)
                .seed(dense.seed())
                .build());
        double accuracyOneShot = Double.NaN;
        long start = System.nanoTime();
        EnergyPruningCallback pruning;
        if (RowSpec.ONE_SHOT.equals(row.schedule())) {
            pruning = builder.statistics(dense.trainingStats()).schedule(PruningSchedule.never()).build();
            pruning.pruneNow(net, row.target().value());
            accuracyOneShot = net.evaluate(test.get()).accuracy();
            Training.fit(net, trainData, retrainEpochs, trainExamples, console, pruning);
        } else {
            ActivationStatsListener live = ActivationStatsListener.builder().sampleEvery(SAMPLE_EVERY).build();
            pruning = builder.statistics(live).schedule(agp(net.getIterationCount(), row.target().value())).build();
            Training.fit(net, trainData, retrainEpochs, trainExamples, console, live, pruning);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracyAfter = net.evaluate(test.get()).accuracy();

        ActivationStats calibrated = Calibration.run(net, train.get(), CALIBRATION_BATCHES, 0.0);
        PruningReport report = PruningReport.of(net, calibrated, energyModel);
        LayerReport total = report.totalRow();
        List<PruningEvent> events = pruning.history();
        double millis = events.stream().mapToDouble(PruningEvent::millis).average().orElse(Double.NaN);
        return new SeedResult(dense.seed(), total.weightSparsity(), accuracyOneShot, accuracyAfter, dense.energyPj(),
                report.total().pruned(), total.macsDense(), total.macsEffective(), total.nonZero(), events.size(),
                millis, seconds);
    }

    /**
     * Zhu and Gupta's schedule from {@code s_i = 0} at {@code iteration0}; its first step (target 0) is left out, so
     * the schedule starts one step later at the target the formula gives there (an energy target must be above 0).
     */
    PolynomialDecaySchedule agp(int iteration0, double finalTarget) {
        int steps = agpSteps();
        int frequency = Math.max(1, agpSpan() / steps);
        int begin = iteration0 + frequency;
        int end = iteration0 + frequency * steps;
        double initial = finalTarget * (1 - Math.pow(1 - 1.0 / steps, 3));
        return new PolynomialDecaySchedule(begin, end, frequency, initial, finalTarget, 3,
                PolynomialDecaySchedule.Unit.ITERATIONS);
    }

    /** Iterations over which AGP prunes: all but the last two retraining epochs, or half of them if fewer than 3. */
    private int agpSpan() {
        int perEpoch = Math.max(1, (trainExamples + batchSize - 1) / batchSize);
        int span = retrainEpochs >= 3 ? (retrainEpochs - 2) * perEpoch : retrainEpochs * perEpoch / 2;
        if (span < 2) {
            throw new IllegalArgumentException("AGP needs at least 2 retraining iterations to prune in steps, got "
                    + retrainEpochs + " epoch(s) of " + perEpoch + " iteration(s)");
        }
        return span;
    }

    /** Pruning steps of the AGP schedule: {@link #AGP_STEPS}, fewer when there are fewer iterations. */
    public int agpSteps() {
        return Math.min(AGP_STEPS, agpSpan());
    }

    /** The dense network's energy per inference with its own firing rates (a calibration pass), pJ. */
    public double denseEnergy(MultiLayerNetwork dense) {
        ActivationStats calibrated = Calibration.run(dense, train.get(), CALIBRATION_BATCHES, 0.0);
        return PruningReport.of(dense, calibrated, energyModel).total().dense();
    }
}
