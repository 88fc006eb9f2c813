package io.github.dl4jpruning.benchmark.harness;

import io.github.dl4jpruning.stats.ActivationStats;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained dense network every row of one seed starts from, with what was learned about it.
 *
 * @param seed          its seed
 * @param network       the trained network (rows work on clones; never modified)
 * @param trainingStats activation statistics collected during its {@code fit()}
 * @param accuracy      its test accuracy
 * @param trainSeconds  wall time of its training
 * @param energyPj      its estimated energy per inference (firing rates from a calibration pass), pJ
 */
public record DenseStart(long seed, MultiLayerNetwork network, ActivationStats trainingStats, double accuracy,
                         double trainSeconds, double energyPj) {
}
