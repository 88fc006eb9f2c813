package io.github.dl4jpruning.compact;

import io.github.dl4jpruning.graph.GraphNode;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;

/**
 * What compaction did to one layer with weights (dense, output, convolution, recurrent, embedding).
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

    /** The record of one layer: sizes from the configurations, MACs from the two graphs. */
    static LayerCompaction of(GraphNode before, GraphNode after, Layer old, Layer now, List<Integer> removed) {
        FeedForwardLayer b = (FeedForwardLayer) old.conf().getLayer();
        FeedForwardLayer a = (FeedForwardLayer) now.conf().getLayer();
        int[] kept = new int[Math.toIntExact(a.getNOut())];
        int n = 0;
        for (int o = 0; o < b.getNOut() && n < kept.length; o++) {
            if (!removed.contains(o) || removed.size() != b.getNOut() - a.getNOut()) {
                kept[n++] = o;
            }
        }
        return new LayerCompaction(before.name(), before.className(), b.getNOut(), a.getNOut(), b.getNIn(),
                a.getNIn(), kept, old.numParams(), now.numParams(), before.denseMacs(), after.denseMacs());
    }

    /** Fraction of this layer's neurons (filters) removed, in [0, 1). */
    public double removedFraction() {
        return neuronsBefore == 0 ? 0 : 1 - (double) neuronsAfter / neuronsBefore;
    }
}
