package io.github.dl4jpruning.compact;

/**
 * What compaction did to one dense, output or convolution layer.
 *
 * @param name             the layer's name (index in a {@code MultiLayerNetwork}, vertex name in a graph)
 * @param type             the layer configuration's class, e.g. {@code "DenseLayer"}
 * @param neuronsBefore    output neurons (filters) before
 * @param neuronsAfter     output neurons (filters) after
 * @param inputsBefore     {@code nIn} before (inputs, or input channels)
 * @param inputsAfter      {@code nIn} after
 * @param keptNeurons      indices of the surviving neurons (filters) in the original layer, ascending
 * @param parametersBefore weights and biases before
 * @param parametersAfter  weights and biases after
 * @param macsBefore       multiply-accumulates per inference before
 * @param macsAfter        multiply-accumulates per inference after
 */
public record LayerCompaction(String name, String type, long neuronsBefore, long neuronsAfter, long inputsBefore,
                              long inputsAfter, int[] keptNeurons, long parametersBefore, long parametersAfter,
                              long macsBefore, long macsAfter) {

    /** Fraction of this layer's neurons (filters) removed, in [0, 1). */
    public double removedFraction() {
        return neuronsBefore == 0 ? 0 : 1 - (double) neuronsAfter / neuronsBefore;
    }
}
