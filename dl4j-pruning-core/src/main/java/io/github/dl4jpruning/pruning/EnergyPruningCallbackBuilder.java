package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Builder for {@link EnergyPruningCallback}: what the callback adds to its {@link PruningConfig}, namely when to prune
 * and where activation statistics come from.
 *
 * <pre>{@code
 * EnergyPruningCallback pruning = EnergyPruningCallback.builder(config)
 *         .collectStatistics(4)                               // the callback feeds its own ActivationStatsListener
 *         .schedule(PruningSchedule.iterative(0, 1, 3, 0.8))
 *         .build();
 * }</pre>
 */
public final class EnergyPruningCallbackBuilder {
    private final PruningConfig config;
    private PruningSchedule schedule = PruningSchedule.never();
    private boolean scheduleFromAttach;
    private ActivationStatsListener listener;
    private boolean ownsListener;
    private ActivationStats fixedStats;
    private InputType inputType;
    private boolean statisticsUntilScheduleDone;

    EnergyPruningCallbackBuilder(PruningConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null (use PruningConfig.defaults())");
        }
        this.config = config;
    }

    /**
     * When to prune and to what target (default: never; prune with {@code pruneNow}).
     *
     * @throws IllegalArgumentException if {@code schedule} is null
     */
    public EnergyPruningCallbackBuilder schedule(PruningSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        this.schedule = schedule;
        return this;
    }

    /**
     * Counts the schedule's epochs and iterations from the network's position when the callback first binds to it
     * (its first {@code fit}, or {@code pruneNow}), not from DL4J's counters: {@code oneShot(0, 0.5)} then prunes at
     * the end of the first epoch trained with the callback, whatever the network trained before. Without this call
     * the schedule counts DL4J's epoch and iteration counters, which keep running across {@code fit} calls. The
     * origin is not saved with a model: to resume such a run from a file, use the saved counters of the first
     * binding with {@link PruningSchedule#startingAt(int, int)} instead.
     */
    public EnergyPruningCallbackBuilder scheduleFromAttach() {
        this.scheduleFromAttach = true;
        return this;
    }

    /**
     * Collects activation statistics itself, sampling every {@code sampleEvery}-th forward pass: no other listener to
     * add. Statistics are counted firing when {@code |a| > 0} (right for ReLU; for sigmoid or tanh build an
     * {@code ActivationStatsListener} with an epsilon and pass it to {@link #statistics(ActivationStatsListener)}).
     *
     * @throws IllegalArgumentException if {@code sampleEvery < 1}
     */
    public EnergyPruningCallbackBuilder collectStatistics(int sampleEvery) {
        return collectStatistics(ActivationStatsListener.builder().sampleEvery(sampleEvery).build());
    }

    /** Collects activation statistics with {@code listener}, fed by the callback (do not add it to the network). */
    public EnergyPruningCallbackBuilder collectStatistics(ActivationStatsListener listener) {
        this.listener = listener;
        this.ownsListener = listener != null;
        return this;
    }

    /** Reads activation statistics from this listener, which you attach to the network yourself. */
    public EnergyPruningCallbackBuilder statistics(ActivationStatsListener listener) {
        this.listener = listener;
        this.ownsListener = false;
        return this;
    }

    /** Uses fixed statistics, e.g. from {@code Calibration.run(...)} on a network trained elsewhere. */
    public EnergyPruningCallbackBuilder statistics(ActivationStats stats) {
        this.fixedStats = stats;
        return this;
    }

    /**
     * Pauses the statistics listener (owned or attached) once the schedule has no pruning step left, so training
     * after the last step (fine-tuning with the masks held) pays nothing for statistics; it resumes if a step lies
     * ahead again (a callback moved with {@code bindTo}). The statistics keep what was recorded up to the pause, and
     * that is what later readers see: {@code report(...)}'s energy estimates, statistics saved with the model, and a
     * {@code pruneNow} after training. For fresh statistics there, call {@code resume()} on the listener
     * ({@link EnergyPruningCallback#statisticsListener()}) before training on. Off by default: statistics are
     * recorded for the whole of {@code fit()}. Schedules that cannot tell whether they will prune again (a lambda)
     * never pause.
     */
    public EnergyPruningCallbackBuilder statisticsUntilScheduleDone() {
        this.statisticsUntilScheduleDone = true;
        return this;
    }

    /** The network's input type, so convolution sizes are known without statistics. */
    public EnergyPruningCallbackBuilder inputType(InputType inputType) {
        this.inputType = inputType;
        return this;
    }

    /**
     * Builds the callback.
     *
     * @throws IllegalStateException if the criterion needs statistics and none are wired
     * @throws IllegalArgumentException if the schedule's final target is invalid for the target kind
     */
    public EnergyPruningCallback build() {
        double fin = schedule.finalTarget();
        if (!Double.isNaN(fin)) {
            new Target(config.targetKind(), fin);
        }
        if (config.criterion().needsActivationStats() && listener == null && fixedStats == null) {
            throw new IllegalStateException("criterion '" + config.criterion().name() + "' needs activation "
                    + "statistics: call .collectStatistics(sampleEvery) on the callback's builder, or pass "
                    + ".statistics(Calibration.run(...)) for a network trained elsewhere");
        }
        return new EnergyPruningCallback(this);
    }

    PruningConfig config() {
        return config;
    }

    PruningSchedule schedule() {
        return schedule;
    }

    boolean countsFromAttach() {
        return scheduleFromAttach;
    }

    StatisticsSource statisticsSource() {
        return new StatisticsSource(listener, ownsListener, fixedStats);
    }

    boolean pausesStatistics() {
        return statisticsUntilScheduleDone;
    }

    InputType inputType() {
        return inputType;
    }
}
