package io.github.dl4jpruning.spark;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.MaskVerification;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.persist.PrunedModelSerializer;
import io.github.dl4jpruning.persist.PruningState;
import io.github.dl4jpruning.persist.RestoredModel;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningEvent;
import io.github.dl4jpruning.schedule.PruneDecision;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStats;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Energy-aware pruning inside DL4J's Spark training: the same {@code PruningConfig} (criterion, energy model, target
 * kind) and {@code PruningSchedule} as an {@code EnergyPruningCallback} on one machine, around a
 * {@code SparkDl4jMultiLayer} or {@code SparkComputationGraph} trained with a {@code ParameterAveragingTrainingMaster}.
 *
 * <pre>{@code
 * SparkPruning pruning = SparkPruning.builder(PruningConfig.builder().criterion(Criteria.energyAware()).build())
 *         .schedule(PruningSchedule.oneShot(1, 0.5))        // after the 2nd epoch: 50% of the weights
 *         .build(sc, net, new ParameterAveragingTrainingMaster.Builder(32).batchSizePerWorker(32)
 *                 .averagingFrequency(5).saveUpdater(true).workerPrefetchNumBatches(0).build());
 * for (int epoch = 0; epoch < 5; epoch++) {
 *     pruning.fit(trainRdd);                                 // one epoch; prunes if the schedule says so
 * }
 * pruning.save(new File("pruned.zip"), true);               // loads with PrunedModelSerializer anywhere
 * }</pre>
 *
 * <p>How it works. Each {@link #fit(JavaRDD)} is one epoch of averaging rounds. A small serializable listener goes
 * into every task: it holds the current masks (a {@code Broadcast}, sent once per change) on each worker's network,
 * masking gradients before and parameters after every update, and adds the sums of the activations it sees to a
 * Spark accumulator keyed by epoch, stage and partition, so a retried or recomputed task counts once. After every
 * averaging round the driver re-applies the masks to the averaged parameters and zeroes the updater state of pruned
 * entries (belt and braces: averaging exact zeros gives exact zeros). After each epoch the driver merges the
 * statistics into those of earlier epochs (sums, as the single-machine listener accumulates them) and, at the
 * schedule's points, runs the pruning step on the averaged network with the core's own {@code Pruner}.
 *
 * <p>Supported: {@code ParameterAveragingTrainingMaster} and schedules with epoch points. Refused with an
 * {@code IllegalArgumentException}: {@code SharedTrainingMaster} (gradient sharing, see the README), schedules with
 * iteration points, and criteria that need accumulated gradients. Not thread-safe: call it from the driver thread.
 */
public final class SparkPruning {
    private static final Logger log = LoggerFactory.getLogger(SparkPruning.class);

    private final JavaSparkContext sc;
    private final Model net;
    private final SparkDl4jMultiLayer sparkNet;
    private final SparkComputationGraph sparkGraph;
    private final MaskingTrainingMaster master;
    private final EnergyPruningCallback callback;
    private final PruningSchedule schedule;
    private final int sampleEvery;
    private final double epsilon;
    private final boolean holdMasksOnWorkers;
    private final List<TrainingListener> userListeners = new ArrayList<>();

    private Broadcast<PruneMasks> broadcast;
    private PruneMasks broadcastOf;
    private double lastFitSeconds = Double.NaN;

    SparkPruning(SparkPruningBuilder b, JavaSparkContext sc, Model net, MaskingTrainingMaster master) {
        this.sc = sc;
        this.net = net;
        this.master = master;
        this.schedule = b.schedule();
        this.sampleEvery = b.sampleEvery();
        this.epsilon = b.epsilon();
        this.holdMasksOnWorkers = b.holdMasksOnWorkers();
        // The callback never sees fit(): it is the single-machine pruning step (Pruner, masks, history, report)
        // driven from here with the merged statistics as its fixed statistics.
        this.callback = EnergyPruningCallback.builder(b.config()).statistics(new ActivationStats(epsilon)).build();
        callback.bindTo(net);
        if (net instanceof MultiLayerNetwork mln) {
            this.sparkNet = new SparkDl4jMultiLayer(sc, mln, master);
            this.sparkGraph = null;
        } else {
            this.sparkNet = null;
            this.sparkGraph = new SparkComputationGraph(sc, (ComputationGraph) net, master);
        }
    }

    /** A builder for the step {@code config} describes. */
    public static SparkPruningBuilder builder(io.github.dl4jpruning.pruning.PruningConfig config) {
        return new SparkPruningBuilder(config);
    }

    /** Why a training master other than parameter averaging is refused. */
    static String unsupportedMaster(TrainingMaster<?, ?> tm) {
        return "training master " + tm.getClass().getName() + " is not supported: only "
                + "ParameterAveragingTrainingMaster. SharedTrainingMaster (gradient sharing) applies the quantized "
                + "updates of other workers to each worker's parameters inside its own update step, outside any "
                + "listener, and never hands the driver an averaged network between rounds, so neither the worker "
                + "masks nor the driver's re-masking and pruning step have a point at which they are guaranteed to "
                + "run; pruned weights would grow back. Train with ParameterAveragingTrainingMaster";
    }

    /** Adds listeners of your own to the workers (the pruning listener is always added). */
    public SparkPruning addListeners(TrainingListener... listeners) {
        userListeners.addAll(List.of(listeners));
        return this;
    }

    /**
     * Trains one epoch on Spark, then runs the schedule's point for that epoch, if any, on the driver.
     *
     * @return the pruning event of this epoch, if the schedule pruned
     * @throws IllegalArgumentException if {@code data} is null
     * @throws IllegalStateException    if a step is due for a criterion that needs activation statistics but the
     *                                  workers recorded none (an empty RDD); the network is trained but not pruned
     */
    public Optional<PruningEvent> fit(JavaRDD<DataSet> data) {
        if (data == null) {
            throw new IllegalArgumentException("training data must not be null");
        }
        NetworkAdapter adapter = NetworkAdapter.of(net);
        int epoch = adapter.epochCount();
        PartitionStatsAccumulator acc = new PartitionStatsAccumulator(epsilon);
        sc.sc().register(acc, "dl4j-pruning activation statistics, epoch " + epoch);
        PruneMasks masks = callback.masks();
        master.masks(masks);
        List<TrainingListener> listeners = new ArrayList<>(userListeners);
        listeners.add(new SparkWorkerMasks(holdMasksOnWorkers ? broadcast(masks) : null, acc, sampleEvery, epsilon,
                epoch));
        long start = System.nanoTime();
        if (sparkNet != null) {
            sparkNet.setListeners(listeners);
            sparkNet.fit(data);
        } else {
            sparkGraph.setListeners(listeners);
            sparkGraph.fit(data);
        }
        lastFitSeconds = (System.nanoTime() - start) / 1e9;
        ActivationStats epochStats = acc.merged();
        callback.statistics().merge(epochStats);
        PruneDecision d = schedule.atEpochEnd(epoch);
        if (!d.prune()) {
            return Optional.empty();
        }
        if (epochStats.isEmpty() && callback.config().criterion().needsActivationStats()) {
            throw new IllegalStateException("epoch " + epoch + " recorded no activation statistics on the workers "
                    + "(empty training RDD?), so criterion '" + callback.config().criterion().name() + "' would rank "
                    + "the weights by statistics that do not describe this epoch; the network was not pruned");
        }
        PruningEvent event = pruneAtEpoch(epoch, d.target());
        MaskEnforcer.zeroUpdaterState(NetworkAdapter.of(net), callback.masks());
        log.debug("Spark epoch {} pruned on the driver", epoch);
        return Optional.of(event);
    }

    /**
     * One step with the network's epoch counter at the epoch that ended, as during the single-machine callback's
     * {@code onEpochEnd} ({@code fit(rdd)} has already counted it), so both record the same epoch in the history.
     */
    private PruningEvent pruneAtEpoch(int epoch, double target) {
        int after = NetworkAdapter.of(net).epochCount();
        setEpochCount(epoch);
        try {
            return callback.pruneNow(net, target);
        } finally {
            setEpochCount(after);
        }
    }

    private void setEpochCount(int epoch) {
        if (net instanceof MultiLayerNetwork mln) {
            mln.getLayerWiseConfigurations().setEpochCount(epoch);
        } else {
            ((ComputationGraph) net).getConfiguration().setEpochCount(epoch);
        }
    }

    /** The masks as a broadcast, sent again only when they changed. */
    private Broadcast<PruneMasks> broadcast(PruneMasks masks) {
        if (masks.isEmpty()) {
            return null;
        }
        if (broadcast == null || broadcastOf == null || !sameMasks(broadcastOf, masks)) {
            if (broadcast != null) {
                broadcast.unpersist(false);
            }
            broadcast = sc.broadcast(masks);
            broadcastOf = masks;
        }
        return broadcast;
    }

    private static boolean sameMasks(PruneMasks a, PruneMasks b) {
        return a.keys().equals(b.keys()) && a.contains(b) && b.contains(a);
    }

    /** Puts a restored run's masks, statistics and history back and binds to the restored network. */
    void restore(RestoredModel<? extends Model> restored) {
        restored.resume(callback);
    }

    /**
     * Saves the network with its masks, statistics and progress, in the same zip as {@code PrunedModelSerializer}
     * on one machine: it restores there with {@code PrunedModelSerializer.restoreMultiLayerNetwork} (or
     * {@code restoreComputationGraph}), and here with {@link SparkPruningBuilder#resume}.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists and {@code overwrite} is false
     * @throws IOException                               if writing fails (no half file is left)
     */
    public void save(File file, boolean overwrite) throws IOException {
        PrunedModelSerializer.save(file, net, PruningState.of(callback, net), true, overwrite);
    }

    /** The network on the driver (averaged after every round). */
    public Model network() {
        return net;
    }

    /** The {@code SparkDl4jMultiLayer}, or {@code null} for a {@code ComputationGraph}. */
    public SparkDl4jMultiLayer sparkNetwork() {
        return sparkNet;
    }

    /** The {@code SparkComputationGraph}, or {@code null} for a {@code MultiLayerNetwork}. */
    public SparkComputationGraph sparkGraph() {
        return sparkGraph;
    }

    /** The single-machine callback state this drives: masks, history, statistics, report, verify. */
    public EnergyPruningCallback callback() {
        return callback;
    }

    /** The current prune masks (a copy). */
    public PruneMasks masks() {
        return callback.masks();
    }

    /** The pruning events so far. */
    public List<PruningEvent> history() {
        return callback.history();
    }

    /** Activation statistics merged from the workers over every epoch so far (live). */
    public ActivationStats statistics() {
        return callback.statistics();
    }

    /** Whether every pruned weight of the driver's network is exactly 0. */
    public MaskVerification verify() {
        return callback.verify(net);
    }

    /** Averaging rounds run so far through this object. */
    public long averagingRounds() {
        return master.rounds();
    }

    /**
     * Pruned weights found non-zero in the averaged parameters after a round, before the driver re-masked them,
     * summed over every round so far: 0 when the worker masks held.
     */
    public long resurrectedWeights() {
        return master.resurrected();
    }

    /** Wall time of the last {@link #fit} call's Spark training, in seconds (NaN before the first). */
    public double lastFitSeconds() {
        return lastFitSeconds;
    }
}
