package io.github.dl4jpruning.stats;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects activation statistics for a network that was trained elsewhere, by running inference over some batches.
 *
 * <pre>{@code
 * ActivationStats stats = Calibration.run(net, testIterator, 20, 0.0);
 * }</pre>
 */
public final class Calibration {
    private static final Logger log = LoggerFactory.getLogger(Calibration.class);

    private Calibration() {
    }

    /**
     * Runs inference (no training, no dropout) over at most {@code maxBatches} batches.
     *
     * @param model      a {@code MultiLayerNetwork} or a {@code ComputationGraph}
     * @param data       the batches; reset before and after use
     * @param maxBatches at most this many batches (>= 1)
     * @param epsilon    a neuron fires when {@code |a| > epsilon}
     */
    public static ActivationStats run(Model model, DataSetIterator data, int maxBatches, double epsilon) {
        if (maxBatches < 1) {
            throw new IllegalArgumentException("maxBatches must be >= 1, got " + maxBatches);
        }
        ActivationStats stats = new ActivationStats(epsilon);
        data.reset();
        int batches = 0;
        while (data.hasNext() && batches < maxBatches) {
            DataSet ds = data.next();
            if (model instanceof MultiLayerNetwork mln) {
                ActivationStatsListener.recordList(stats, mln.feedForward(ds.getFeatures(), false));
            } else if (model instanceof ComputationGraph graph) {
                graph.feedForward(ds.getFeatures(), false).forEach(stats::record);
            } else {
                throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                        + model.getClass().getName());
            }
            batches++;
        }
        data.reset();
        if (batches == 0) {
            throw new IllegalArgumentException("the iterator gave no batches to calibrate on");
        }
        log.info("Calibrated activation statistics on {} batches", batches);
        return stats;
    }
}
