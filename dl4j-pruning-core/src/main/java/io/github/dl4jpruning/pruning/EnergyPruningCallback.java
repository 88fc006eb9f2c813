package io.github.dl4jpruning.pruning;

import io.github.dl4jpruning.criteria.SignalCollector;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.MaskVerification;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.PruneDecision;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code TrainingListener} that prunes during {@code fit()}: at the points its schedule names it runs a pruning
 * step of its {@link PruningConfig}; between them it keeps every pruned weight at exactly zero, whatever the updater
 * (SGD, Nesterov, Adam, RMSProp...) and regularization do. It also drives the signals its criterion collects
 * (gradients) and, with {@code collectStatistics}, the activation statistics: one listener to add.
 *
 * <pre>{@code
 * PruningConfig config = PruningConfig.builder().criterion(Criteria.energyAware()).scope(Scope.GLOBAL).build();
 * EnergyPruningCallback pruning = EnergyPruningCallback.builder(config)
 *         .collectStatistics(4)
 *         .scheduleFromAttach()                    // epoch 0 = the first epoch trained with the callback
 *         .schedule(PruningSchedule.polynomial(0, 3, 1, 0.0, 0.9, 3, PolynomialDecaySchedule.Unit.EPOCHS))
 *         .build();
 * net.addListeners(pruning);
 * net.fit(train, 5);
 * System.out.println(pruning.report(net).toMarkdown());
 * }</pre>
 *
 * <p><b>How the masks are held.</b> Pruned gradient entries are written {@code +0.0} in every
 * {@code onGradientCalculation}, before DL4J's updater reads them. When the masks change (a pruning step,
 * {@link #setMasks}, {@link #bindTo}) the pruned parameters are written {@code +0.0} and their updater state zeroed,
 * once more after the next update (RmsProp and AdaGrad start their caches at epsilon when DL4J creates the updater).
 * From then on, for DL4J's built-in updaters (Sgd, Nesterovs, Adam, AdaMax, Nadam, AMSGrad, RmsProp, AdaGrad,
 * AdaDelta, NoOp), regularization (L1, L2, WeightDecay), gradient normalizations, constraints and SGD step functions,
 * the update of a pruned weight is exactly 0, so the weight stays {@code +0.0} without being written again (the
 * derivation is in {@code MaskedUpdates}; the resurrection fault campaign checks it after every iteration). After each
 * iteration the callback only reads 32 pruned entries of each parameter, a different stretch each time, and writes
 * the parameter whole if something outside the update changed one ({@code setParams}, another listener; a whole
 * overwrite is found at once, a single entry within {@code pruned / 32} iterations); at the start and end of every
 * epoch it writes all pruned parameters. (A parameter with more than 2^18 pruned entries is still written after
 * every iteration, by one multiply: no offsets are kept for it.) With anything not on that list (a custom
 * {@code IUpdater}, {@code Regularization}, constraint or step function, another optimization algorithm, a layer whose
 * gradient is not a view of the network's flattened gradient) it writes the pruned parameters after every iteration,
 * and says why once at INFO.
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


    private final PruningConfig config;
    private final Pruner pruner;
    private final ScheduleDriver schedule;
    private final StatisticsSource stats;
    private final SignalCollector collector;

    private PruneMasks masks = new PruneMasks();
    /**
     * Set when the masks change or move to another network: the updater state of pruned entries is zeroed once more
     * after the next update. A step can run before DL4J creates the updater ({@code pruneNow} before the first
     * {@code fit}, a restore without updater state), and RmsProp and AdaGrad then start their caches at epsilon.
     */
    private boolean updaterStateToZero = true;
    private final PruningHistory history = new PruningHistory();
    private final transient NetworkBinding binding;
    /** Pauses the statistics listener once no scheduled step remains ({@code statisticsUntilScheduleDone}). */
    private final transient StatisticsPause statisticsPause;
    /** Holds the pruned parameters at +0.0 between steps: when to write them, when a spot check is enough. */
    private final transient ParamHold hold = new ParamHold();

    EnergyPruningCallback(EnergyPruningCallbackBuilder b) {
        this.config = b.config();
        this.pruner = new Pruner(config);
        this.schedule = new ScheduleDriver(b.schedule(), b.countsFromAttach());
        this.stats = b.statisticsSource();
        this.collector = config.criterion().collector();
        this.binding = new NetworkBinding(pruner, b.inputType());
        this.statisticsPause = new StatisticsPause(b.pausesStatistics());
    }

    /** A builder with {@link PruningConfig#defaults()}; without a schedule it never prunes on its own. */
    public static EnergyPruningCallbackBuilder builder() {
        return builder(PruningConfig.defaults());
    }

    /** A builder for the step {@code config} describes; the builder adds schedule, statistics and input type. */
    public static EnergyPruningCallbackBuilder builder(PruningConfig config) {
        return new EnergyPruningCallbackBuilder(config);
    }

    /** The pruning step's configuration. */
    public PruningConfig config() {
        return config;
    }

    /** The bound network's adapter; binds on first use, after every check has passed. */
    private NetworkAdapter adapter(Model model) {
        if (binding.current() == null) {
            NetworkBinding.refuseDoubleAttachment(model, this);
        }
        NetworkAdapter net = binding.adapter(model);
        binding.checkMasks(masks);
        schedule.bound(net);
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
        schedule.rebound();
        updaterStateToZero = true;
        hold.masksChanged();
        statisticsPause.markDue();
    }

    /** Binds to the network and checks the configured layers before the first iteration changes anything. */
    @Override
    public void onEpochStart(Model model) {
        NetworkAdapter net = adapter(model);
        NetworkBinding.refuseDoubleAttachment(model, this);
        hold.writeAll(net, masks);
        schedule.epochStarted();
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        stats.forward(model, activations);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        stats.forward(model, activations);
    }

    @Override
    public void onGradientCalculation(Model model) {
        NetworkAdapter net = adapter(model);
        if (collector != null) {
            collector.onGradient(net);
        }
        MaskEnforcer.applyToGradients(model.gradient(), masks);
        hold.afterGradient(model, masks);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        NetworkAdapter net = adapter(model);
        if (hold.afterIteration(net, masks)) {
            updaterStateToZero = true;
        }
        if (updaterStateToZero && !net.updaterBlocks().isEmpty()) {
            MaskEnforcer.zeroUpdaterState(net, masks);
            updaterStateToZero = false;
        }
        PruneDecision d = schedule.afterIteration(iteration);
        if (d.prune()) {
            prune(net, d.target());
        }
        statisticsPause.afterIteration(stats.listener(), schedule.schedule(), net.epochCount(), iteration + 1);
    }

    /** For tests: how many iterations ended with a full write of the pruned parameters. */
    long iterationWrites() {
        return hold.iterationWrites();
    }

    /**
     * The {@code ActivationStatsListener} this callback reads (its own or one you attached), or {@code null} if it
     * reads fixed statistics or none: for example to {@code resume()} it after {@code statisticsUntilScheduleDone()}
     * paused it.
     */
    public ActivationStatsListener statisticsListener() {
        return stats.listener();
    }

    @Override
    public void onEpochEnd(Model model) {
        NetworkAdapter net = adapter(model);
        hold.writeAll(net, masks);
        PruneDecision d = schedule.atEpochEnd(net.epochCount());
        if (d.prune()) {
            if (schedule.epochSawNoData()) {
                refuseStepWithoutData(net.epochCount());
            }
            prune(net, d.target());
        }
        schedule.epochEnded();
        statisticsPause.atEpochEnd(stats.listener(), schedule.schedule(), net.epochCount() + 1, net.iterationCount());
    }

    /** Fails if the criterion needs activation statistics: an epoch without data would be ranked by stale ones. */
    void refuseStepWithoutData(int epoch) {
        ScheduleCheck.refuseStepWithoutData(config.criterion(), epoch);
    }

    /** For {@link ParallelPruning}: the schedule. */
    PruningSchedule schedule() {
        return schedule.schedule();
    }

    /** For {@link ParallelPruning}: the adapter of {@code model}, binding to it on first use (main thread only). */
    NetworkAdapter boundAdapter(Model model) {
        return adapter(model);
    }

    /** For {@link ParallelPruning}: the listener this callback feeds itself ({@code collectStatistics}), or null. */
    ActivationStatsListener ownedStatistics() {
        return stats.owned();
    }

    /** For {@link ParallelPruning}: one pruning step on the bound network. */
    PruningEvent pruneBound(NetworkAdapter net, double target) {
        return prune(net, target);
    }

    /**
     * Prunes now, outside the schedule (for example a one-shot prune of a network trained elsewhere, before
     * retraining it with this callback attached to hold the masks).
     *
     * @param target a fraction: sparsity or energy reduction, as the config's target kind says
     * @throws IllegalStateException if the callback is bound to another network (see {@link #bindTo(Model)})
     * @throws IllegalArgumentException if a configured layer is unknown or cannot be pruned in {@code model}
     */
    public PruningEvent pruneNow(Model model, double target) {
        return prune(adapter(model), target);
    }

    private PruningEvent prune(NetworkAdapter net, double value) {
        Target target = new Target(config.targetKind(), value);
        Signals signals = new Signals(stats.current(), collector == null ? Map.of() : collector.values());
        history.beforeStep(net, signals.stats(), config.energyModel());
        Pruner.Result r = pruner.prune(net, masks, signals, target);
        masks = r.masks();
        binding.checkMasks(masks);
        updaterStateToZero = true;
        hold.masksChanged();
        statisticsPause.markDue();
        if (collector != null) {
            collector.reset();
        }
        return history.record(r.event(), config.energyModel());
    }

    /**
     * The activation statistics this callback reads (its own listener's, an attached listener's or fixed ones), or
     * {@code null} if it reads none.
     */
    public ActivationStats statistics() {
        return stats.current();
    }

    /**
     * Replaces the statistics: fixed ones (for example a fresh {@code Calibration.run(...)} between pruning steps of a
     * network trained elsewhere), or those of the listener the callback owns ({@code collectStatistics}), for example
     * statistics saved with a model.
     *
     * @throws IllegalArgumentException if {@code stats} is null
     * @throws IllegalStateException if the callback reads an {@code ActivationStatsListener} you attached yourself
     */
    public void setStatistics(ActivationStats stats) {
        this.stats.set(stats);
    }

    /**
     * Puts saved statistics back wherever this callback reads them: its own listener ({@code collectStatistics}), the
     * listener you attached, or as fixed statistics. {@code RestoredModel.resume} calls it.
     *
     * @throws IllegalArgumentException if {@code saved} is null or was recorded with another epsilon
     */
    public void restoreStatistics(ActivationStats saved) {
        stats.restore(saved);
    }

    /**
     * Whether every weight this callback pruned is still exactly 0 in {@code model}, and which are not.
     *
     * @throws IllegalArgumentException if the masks do not fit {@code model}'s parameters
     */
    public MaskVerification verify(Model model) {
        return MaskVerification.of(model, masks);
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
        this.updaterStateToZero = true;
        hold.masksChanged();
    }

    /** Every pruning event so far. */
    public List<PruningEvent> history() {
        return history.events();
    }

    /**
     * Replaces the pruning history, when resuming from a saved model, so that reports and {@link #history()} cover
     * the whole run. The schedule needs no state: it is a function of the network's epoch counter. For an energy
     * model whose dense estimate depends on the weights, the first event's {@code energyDense} is the dense baseline
     * of later events.
     */
    public void restoreHistory(List<PruningEvent> events) {
        history.replace(events);
    }

    /** Weight sparsity of each masked weight parameter. */
    public Map<String, Double> sparsityByLayer() {
        return masks.weightSparsityByLayer();
    }

    /** Weight sparsity over all masked weight parameters. */
    public double sparsity() {
        return masks.weightSparsity();
    }

    /**
     * The per-layer report of a network with this callback's energy model and statistics. For the bound network and
     * an energy model whose dense estimate depends on the weights ({@code SeedEnergyModel}), the dense column holds
     * the estimates from before this callback's first pruning step (kept in memory: not after a restore).
     */
    public PruningReport report(Model model) {
        NetworkAdapter bound = binding.current();
        if (bound != null && bound.model() == model) {
            return history.report(bound, statistics(), config.energyModel());
        }
        return PruningReport.of(binding.unbound(model), statistics(), config.energyModel());
    }
}
