package io.github.dl4jpruning.spark;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The listener {@link SparkPruning} gives DL4J's Spark training: Java-serialized into every task, it holds the prune
 * masks on the network each worker builds for an averaging round (gradients masked before each update, parameters
 * after it, the updater state of pruned entries zeroed once per network) and records activation statistics into a
 * {@link PartitionStatsAccumulator}. It never prunes. Each task deserializes its own copy, so it needs no locking;
 * the masks come from a {@code Broadcast} and are copied once per task (their cached arrays are not thread-safe).
 */
final class SparkWorkerMasks extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<PruneMasks> broadcastMasks;
    private final PartitionStatsAccumulator statistics;
    private final int sampleEvery;
    private final double epsilon;
    private final int epoch;

    private transient PruneMasks masks;
    private transient Model lastModel;
    private transient NetworkAdapter lastAdapter;
    private transient long forwardPasses;

    /**
     * @param broadcastMasks the masks to hold, or {@code null} for none (nothing pruned yet, or disabled)
     * @param statistics     where to record activation statistics, or {@code null} to record none
     * @param sampleEvery    record every k-th forward pass of a task
     * @param epsilon        firing threshold
     * @param epoch          the driver's epoch counter during this {@code fit}, part of every partition key
     */
    SparkWorkerMasks(Broadcast<PruneMasks> broadcastMasks, PartitionStatsAccumulator statistics, int sampleEvery,
                     double epsilon, int epoch) {
        this.broadcastMasks = broadcastMasks;
        this.statistics = statistics;
        this.sampleEvery = sampleEvery;
        this.epsilon = epsilon;
        this.epoch = epoch;
    }

    private PruneMasks masks() {
        if (masks == null) {
            masks = broadcastMasks == null ? new PruneMasks() : broadcastMasks.value().copy();
        }
        return masks;
    }

    /** The adapter of the worker's network; a network seen for the first time gets its masks and updater state. */
    private NetworkAdapter adapter(Model model, PruneMasks m) {
        if (model != lastModel) {
            NetworkAdapter net = NetworkAdapter.of(model);
            // Belt and braces: the driver broadcasts masked parameters and updater state, but a worker network is
            // built from whatever it was sent.
            MaskEnforcer.applyToParams(net, m);
            MaskEnforcer.zeroUpdaterState(net, m);
            lastModel = model;
            lastAdapter = net;
        }
        return lastAdapter;
    }

    @Override
    public void onGradientCalculation(Model model) {
        PruneMasks m = masks();
        if (!m.isEmpty()) {
            adapter(model, m);
            MaskEnforcer.applyToGradients(model.gradient(), m);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epochOnWorker) {
        PruneMasks m = masks();
        if (!m.isEmpty()) {
            MaskEnforcer.applyToParams(adapter(model, m), m);
        }
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        if (sampled()) {
            ActivationStats s = new ActivationStats(epsilon);
            for (int i = 0; i < activations.size(); i++) {
                s.record(i == 0 ? ActivationStatsListener.INPUT_KEY : String.valueOf(i - 1), activations.get(i));
            }
            statistics.add(new StatsContribution(partitionKey(), s));
        }
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (sampled()) {
            ActivationStats s = new ActivationStats(epsilon);
            activations.forEach(s::record);
            statistics.add(new StatsContribution(partitionKey(), s));
        }
    }

    private boolean sampled() {
        return statistics != null && forwardPasses++ % sampleEvery == 0;
    }

    /** {@code epoch/stage/partition}: the same for every attempt of a task, different for every other task. */
    private String partitionKey() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return epoch + "/driver/0";
        }
        return String.format("%06d/%06d/%06d", epoch, task.stageId(), task.partitionId());
    }
}
