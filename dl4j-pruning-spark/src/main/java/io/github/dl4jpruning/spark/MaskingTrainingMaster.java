package io.github.dl4jpruning.spark;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.MaskVerification;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;

/**
 * DL4J's {@code ParameterAveragingTrainingMaster} with one addition on the driver: after every averaging round it
 * checks the averaged parameters against the current prune masks (counting pruned weights that came back non-zero,
 * which the worker masks should make impossible), then re-applies the masks to the parameters and zeroes the updater
 * state of pruned entries before the next round is broadcast. Everything else is the user's master: its settings
 * (workers, batch size, averaging frequency, repartitioning, export, hooks...) are copied field by field.
 */
final class MaskingTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;

    private transient volatile PruneMasks masks = new PruneMasks();
    private transient long rounds;
    private transient long resurrected;

    /** A master with every setting of {@code source}. */
    MaskingTrainingMaster(ParameterAveragingTrainingMaster source) {
        super();
        copySettings(source);
    }

    private void copySettings(ParameterAveragingTrainingMaster source) {
        for (Class<?> c = ParameterAveragingTrainingMaster.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(this, f.get(source));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy the setting '" + f.getName() + "' of the "
                            + "ParameterAveragingTrainingMaster (DL4J version other than 1.0.0-M2?): " + e, e);
                }
            }
        }
    }

    /** The masks the driver re-applies after every round (call between {@code fit} calls). */
    void masks(PruneMasks current) {
        this.masks = current.copy();
    }

    /** Averaging rounds seen so far. */
    long rounds() {
        return rounds;
    }

    /** Pruned weights found non-zero in the averaged parameters, summed over all rounds (before re-masking). */
    long resurrected() {
        return resurrected;
    }

    @Override
    protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                  JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        super.processResults(network, graph, results, splitNum, totalSplits);
        Model model = network != null ? network.getNetwork() : graph.getNetwork();
        PruneMasks m = masks;
        rounds++;
        if (m.isEmpty()) {
            return;
        }
        MaskVerification v = MaskVerification.of(model, m);
        v.nonZero().values().forEach(list -> resurrected += list.size());
        NetworkAdapter net = NetworkAdapter.of(model);
        MaskEnforcer.applyToParams(net, m);
        MaskEnforcer.zeroUpdaterState(net, m);
    }
}
