package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.PruneDecision;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code TrainingListener} that prunes during {@code fit()}: at the points its schedule names it scores, selects
 * and masks; between them it keeps every pruned weight at exactly zero, whatever the updater (SGD, Nesterov, Adam,
 * RMSProp...) and regularization do: gradients are masked in {@code onGradientCalculation}, parameters re-masked in
 * {@code iterationDone}, and the updater state of newly pruned weights zeroed when they are pruned.
 *
 * <pre>{@code
 * ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(4).build();
 * EnergyPruningCallback pruning = EnergyPruningCallback.builder()
 *         .criterion(Criteria.energyAware())
 *         .energyModel(HardwareEnergyModel.defaults())
 *         .scope(Scope.GLOBAL)
 *         .schedule(PruningSchedule.polynomial(0, 3, 1, 0.0, 0.9, 3, PolynomialDecaySchedule.Unit.EPOCHS))
 *         .statistics(stats)
 *         .build();
 * net.addListeners(stats, pruning);
 * net.fit(train, 5);
 * System.out.println(pruning.report(net).toMarkdown());
 * }</pre>
 *
 * <p><b>One network, one thread.</b> A callback binds to the first network it is called with, once its checks pass
 * (the configured layers exist and can be pruned, it is attached once, its masks fit the parameters); a check that
 * fails leaves it unbound, so the next {@code fit} fails again before any parameter changes. Called with another
 * network it throws {@code IllegalStateException} naming both: build one callback per network, or move it on purpose
 * with {@link #bindTo(Model)}. It is not thread-safe: DL4J calls listeners on the training thread, and the accessors
 * ({@link #masks()}, {@link #history()}, {@link #sparsity()}...) are meant to be read between {@code fit} calls.
 * Inside DL4J's {@code ParallelWrapper} each worker trains its own copy of the network and no epoch event fires, so
 * the callback refuses to run on a worker thread: use {@link ParallelPruning} there.
 *
 * <p>Warnings and errors on misuse: a schedule whose points all lie before the network's epoch and iteration
 * counters is logged once as a warning when the callback binds; a step of a criterion that needs activation
 * statistics at the end of an epoch in which no iteration ran throws {@code IllegalStateException} (the statistics
 * would describe another epoch) and leaves the network unpruned.
 */
public final class EnergyPruningCallback extends BaseTrainingListener {
    private static final Logger log = LoggerFactory.getLogger(EnergyPruningCallback.class);

    private final Pruner pruner;
    private final PruningSchedule schedule;
    private final Target.Kind targetKind;
    private final ActivationStatsListener statsListener;
    private ActivationStats fixedStats;
    private final InputType inputType;

    private PruneMasks masks = new PruneMasks();
    private final List<PruningEvent> history = new ArrayList<>();
    private final Map<String, INDArray> taylor = new HashMap<>();
    private final Map<String, INDArray> taylorScratch = new HashMap<>();
    private final transient NetworkBinding binding;
    private final DenseBaseline dense = new DenseBaseline();
    private boolean scheduleChecked;
    private int iterationsThisEpoch = -1;

    private EnergyPruningCallback(Builder b) {
        this.pruner = b.pruner.build();
        this.schedule = b.schedule;
        this.targetKind = b.targetKind;
        this.statsListener = b.statsListener;
        this.fixedStats = b.fixedStats;
        this.inputType = b.inputType;
        this.binding = new NetworkBinding(pruner, inputType);
    }

    /** A builder; without a schedule the callback never prunes on its own (use {@code pruneNow}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound network's adapter; binds on first use, after every check has passed. */
    private NetworkAdapter adapter(Model model) {
        if (binding.current() == null) {
            NetworkBinding.refuseDoubleAttachment(model, this);
        }
        NetworkAdapter net = binding.adapter(model);
        binding.checkMasks(masks);
        if (!scheduleChecked) {
            scheduleChecked = true;
            ScheduleCheck.exhausted(schedule, net.epochCount(), net.iterationCount()).ifPresent(log::warn);
        }
        return net;
    }

    /**
     * Binds this callback to {@code model} on purpose, for example to carry its masks and history over to a restored
     * copy of the network it trained. Without this call, a callback refuses any network other than the first one it
     * was called with.
     *
     * @throws IllegalArgumentException if a configured layer is unknown or cannot be pruned in {@code model}
     * @throws IllegalStateException if the masks do not fit {@code model}'s parameters
     */
    public void bindTo(Model model) {
        binding.bind(model);
        binding.checkMasks(masks);
        scheduleChecked = false;
    }

    /** Binds to the network and checks the configured layers before the first iteration changes anything. */
    @Override
    public void onEpochStart(Model model) {
        adapter(model);
        NetworkBinding.refuseDoubleAttachment(model, this);
        iterationsThisEpoch = 0;
    }

    @Override
    public void onGradientCalculation(Model model) {
        NetworkAdapter net = adapter(model);
        if (pruner.criterion().needsGradients()) {
            accumulateTaylor(net);
        }
        MaskEnforcer.applyToGradients(model.gradient(), masks);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        NetworkAdapter net = adapter(model);
        MaskEnforcer.applyToParams(net, masks);
        if (iterationsThisEpoch >= 0) {
            iterationsThisEpoch++;
        }
        PruneDecision d = schedule.atIteration(iteration);
        if (d.prune()) {
            prune(net, d.target());
        }
    }

    @Override
    public void onEpochEnd(Model model) {
        NetworkAdapter net = adapter(model);
        PruneDecision d = schedule.atEpochEnd(net.epochCount());
        if (d.prune()) {
            if (iterationsThisEpoch == 0) {
                refuseStepWithoutData(net.epochCount());
            }
            prune(net, d.target());
        }
        iterationsThisEpoch = -1;
    }

    /** Fails if the criterion needs activation statistics: an epoch without data would be ranked by stale ones. */
    void refuseStepWithoutData(int epoch) {
        if (pruner.criterion().needsActivationStats()) {
            throw new IllegalStateException("epoch " + epoch + " saw no data (no training iteration ran in it), so "
                    + "criterion '" + pruner.criterion().name() + "' would rank the weights by activation statistics "
                    + "that do not describe this epoch; the network was not pruned. Check that the training "
                    + "iterator is not empty (or was reset)");
        }
    }

    /** For {@link ParallelPruning}: the schedule. */
    PruningSchedule schedule() {
        return schedule;
    }

    /** For {@link ParallelPruning}: the adapter of {@code model}, binding to it on first use (main thread only). */
    NetworkAdapter boundAdapter(Model model) {
        return adapter(model);
    }

    /** For {@link ParallelPruning}: one pruning step on the bound network. */
    PruningEvent pruneBound(NetworkAdapter net, double target) {
        return prune(net, target);
    }

    /**
     * Prunes now, outside the schedule (for example a one-shot prune of a network trained elsewhere, before
     * retraining it with this callback attached to hold the masks).
     *
     * @param target a fraction: sparsity or energy reduction, as this callback's target kind says
     * @throws IllegalStateException if the callback is bound to another network (see {@link #bindTo(Model)})
     * @throws IllegalArgumentException if a configured layer is unknown or cannot be pruned in {@code model}
     */
    public PruningEvent pruneNow(Model model, double target) {
        return prune(adapter(model), target);
    }

    private PruningEvent prune(NetworkAdapter net, double value) {
        Target target = new Target(targetKind, value);
        Map<String, double[]> t = pruner.criterion().needsGradients() ? taylorArrays() : null;
        ActivationStats stats = statistics();
        dense.captureBeforeFirstStep(history, net, stats, pruner.energyModel());
        Pruner.Result r = pruner.prune(net, masks, stats, t, target);
        masks = r.masks();
        binding.checkMasks(masks);
        taylor.clear();
        PruningEvent event = dense.correct(r.event(), history, pruner.energyModel());
        history.add(event);
        return event;
    }

    /** The activation statistics this callback reads (from its listener, or the fixed ones), or {@code null}. */
    public ActivationStats statistics() {
        if (statsListener != null) {
            return statsListener.stats();
        }
        return fixedStats;
    }

    /**
     * Replaces the fixed statistics, for example with a fresh {@code Calibration.run(...)} between pruning steps of a
     * network trained elsewhere.
     *
     * @throws IllegalStateException if the callback reads a live {@code ActivationStatsListener} instead
     */
    public void setStatistics(ActivationStats stats) {
        if (statsListener != null) {
            throw new IllegalStateException("this callback reads its statistics from an ActivationStatsListener; "
                    + "reset that listener instead of setting fixed statistics");
        }
        if (stats == null) {
            throw new IllegalArgumentException("statistics must not be null");
        }
        this.fixedStats = stats;
    }

    private void accumulateTaylor(NetworkAdapter net) {
        Gradient gradient = net.gradient();
        if (gradient == null) {
            return;
        }
        // Runs every iteration: |w * g| goes through one scratch array per weight and the sums stay in the
        // parameter's memory order, so nothing is allocated after the first iteration and no op mixes 'f' and 'c'
        // order (ND4J's slow path: a mixed-order multiply of a 784x128 W took 186 us, an op in one order about 11).
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (PrunableLayer l : net.layers()) {
                INDArray g = gradient.gradientForVariable().get(l.weightKey());
                if (g == null) {
                    continue;
                }
                INDArray w = net.param(l.weightKey());
                INDArray score = taylorScratch.get(l.weightKey());
                if (score == null || !sameLayout(score, w)) {
                    score = Nd4j.createUninitialized(w.dataType(), w.shape(), w.ordering());
                    taylorScratch.put(l.weightKey(), score);
                }
                Transforms.abs(w.mul(g, score), false);
                INDArray acc = taylor.get(l.weightKey());
                if (acc == null) {
                    taylor.put(l.weightKey(), score.dup(score.ordering()));
                } else {
                    acc.addi(score);
                }
            }
        }
    }

    private static boolean sameLayout(INDArray a, INDArray b) {
        return a.dataType() == b.dataType() && a.ordering() == b.ordering() && Arrays.equals(a.shape(), b.shape());
    }

    private Map<String, double[]> taylorArrays() {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            taylor.forEach((k, v) -> out.put(k, Nd4j.toFlattened('c', v).toDoubleVector()));
        }
        return out;
    }

    /** The current prune masks (a copy). */
    public PruneMasks masks() {
        return masks.copy();
    }

    /**
     * Replaces the prune masks, for example when resuming from a saved model; they are applied to the network at the
     * next iteration.
     */
    public void setMasks(PruneMasks restored) {
        if (restored == null) {
            throw new IllegalArgumentException("masks must not be null");
        }
        this.masks = restored.copy();
    }

    /** Every pruning event so far. */
    public List<PruningEvent> history() {
        return Collections.unmodifiableList(history);
    }

    /**
     * Replaces the pruning history, when resuming from a saved model, so that reports and {@link #history()} cover
     * the whole run. The schedule needs no state: it is a function of the network's epoch counter. For an energy
     * model whose dense estimate depends on the weights, the first event's {@code energyDense} is the dense baseline
     * of later events.
     */
    public void restoreHistory(List<PruningEvent> events) {
        if (events == null) {
            throw new IllegalArgumentException("events must not be null (use an empty list)");
        }
        history.clear();
        history.addAll(events);
        dense.forget();
    }

    /** Weight sparsity of each masked weight parameter. */
    public Map<String, Double> sparsityByLayer() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : masks.keys()) {
            if (k.endsWith("_W")) {
                out.put(k.substring(0, k.length() - 2), masks.sparsity(k));
            }
        }
        return out;
    }

    /** Weight sparsity over all masked weight parameters. */
    public double sparsity() {
        long total = 0;
        long pruned = 0;
        for (String k : masks.keys()) {
            if (k.endsWith("_W")) {
                total += masks.size(k);
                pruned += masks.prunedCount(k);
            }
        }
        return total == 0 ? 0 : (double) pruned / total;
    }

    /**
     * The per-layer report of a network with this callback's energy model and statistics. For the bound network and
     * an energy model whose dense estimate depends on the weights ({@code SeedEnergyModel}), the dense column holds
     * the estimates from before this callback's first pruning step (kept in memory: not after a restore).
     */
    public PruningReport report(Model model) {
        NetworkAdapter bound = binding.current();
        if (bound != null && bound.model() == model) {
            return dense.report(bound, statistics(), pruner.energyModel());
        }
        return PruningReport.of(NetworkAdapter.of(model, inputType), statistics(), pruner.energyModel());
    }

    /** Builder for {@link EnergyPruningCallback}. */
    public static final class Builder {
        private final Pruner.Builder pruner = Pruner.builder();
        private PruningSchedule schedule = PruningSchedule.never();
        private Target.Kind targetKind = Target.Kind.SPARSITY;
        private ActivationStatsListener statsListener;
        private ActivationStats fixedStats;
        private InputType inputType;

        /** How weights are scored (default: magnitude). */
        public Builder criterion(PruningCriterion criterion) {
            pruner.criterion(criterion);
            return this;
        }

        /** How energy is estimated (default: Horowitz 45 nm fp32, zero-skipping, weights in SRAM). */
        public Builder energyModel(EnergyModel model) {
            pruner.energyModel(model);
            return this;
        }

        /** Rank per layer (default) or globally. */
        public Builder scope(Scope scope) {
            pruner.scope(scope);
            return this;
        }

        /** Single weights (default) or whole neurons and filters. */
        public Builder granularity(Granularity granularity) {
            pruner.granularity(granularity);
            return this;
        }

        /**
         * Prune only these layers: indices or DL4J layer names ({@code .name("hidden")}) of a MultiLayerNetwork,
         * vertex names of a ComputationGraph.
         */
        public Builder layers(String... names) {
            pruner.layers(names);
            return this;
        }

        /** Prune only these layer indices. */
        public Builder layers(int... indices) {
            pruner.layers(indices);
            return this;
        }

        /** Never prune these layers. */
        public Builder excludeLayers(String... names) {
            pruner.excludeLayers(names);
            return this;
        }

        /** Never prune these layer indices. */
        public Builder excludeLayers(int... indices) {
            pruner.excludeLayers(indices);
            return this;
        }

        /** Per-layer sparsity bounds for every included layer. */
        public Builder sparsityBounds(double min, double max) {
            pruner.sparsityBounds(min, max);
            return this;
        }

        /** Per-layer sparsity bounds for one layer. */
        public Builder sparsityBounds(String layer, double min, double max) {
            pruner.sparsityBounds(layer, min, max);
            return this;
        }

        /** Seed for random criteria. */
        public Builder seed(long seed) {
            pruner.seed(seed);
            return this;
        }

        /** When to prune and to what target (default: never; prune with {@code pruneNow}). */
        public Builder schedule(PruningSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule must not be null");
            }
            this.schedule = schedule;
            return this;
        }

        /** Whether schedule targets are sparsities (default) or energy reductions. */
        public Builder targetKind(Target.Kind kind) {
            if (kind == null) {
                throw new IllegalArgumentException("targetKind must be SPARSITY or ENERGY, got null");
            }
            this.targetKind = kind;
            return this;
        }

        /** Read activation statistics from this listener (attach it to the network too). */
        public Builder statistics(ActivationStatsListener listener) {
            this.statsListener = listener;
            return this;
        }

        /** Use fixed statistics, e.g. from {@code Calibration.run(...)}. */
        public Builder statistics(ActivationStats stats) {
            this.fixedStats = stats;
            return this;
        }

        /** The network's input type, so convolution sizes are known without statistics. */
        public Builder inputType(InputType inputType) {
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
                new Target(targetKind, fin);
            }
            Pruner p = pruner.build();
            if (p.criterion().needsActivationStats() && statsListener == null && fixedStats == null) {
                throw new IllegalStateException("criterion '" + p.criterion().name() + "' needs activation statistics: "
                        + "pass .statistics(activationStatsListener) and attach that listener to the network");
            }
            return new EnergyPruningCallback(this);
        }
    }
}
