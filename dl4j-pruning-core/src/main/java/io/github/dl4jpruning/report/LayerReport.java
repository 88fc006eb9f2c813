package io.github.dl4jpruning.report;

import io.github.dl4jpruning.energy.LayerEnergy;

/**
 * One row of a {@link PruningReport}.
 *
 * @param layer         the layer's name
 * @param kind          dense, output or conv2d
 * @param parameters    weights and biases
 * @param weights       weights only
 * @param nonZero       weights and biases that are not zero
 * @param weightSparsity fraction of the weights that are zero
 * @param macsDense     multiply-accumulates per inference with every weight
 * @param macsEffective multiply-accumulates per inference with the non-zero weights only
 * @param energy        estimated energy per inference, dense and now, compute and memory
 */
public record LayerReport(String layer, String kind, long parameters, long weights, long nonZero, double weightSparsity,
                          long macsDense, long macsEffective, LayerEnergy energy) {
}
