package io.github.dl4jpruning.graph;

import java.util.List;
import java.util.Map;

/**
 * One layer or vertex of a {@link DependencyGraph}, with the facts the rest of the library needs about it.
 *
 * <pre>{@code
 * GraphNode n = graph.node("conv1");
 * long macs = n.denseMacs();                  // weights x uses per inference
 * for (String key : n.weightKeys()) { ... }   // arrays unstructured pruning may prune
 * }</pre>
 *
 * @param name             the layer's name (its index in a MultiLayerNetwork, the vertex name in a graph)
 * @param kind             what the graph makes of it
 * @param className        the DL4J configuration class, e.g. {@code "ConvolutionLayer"}
 * @param inputs           the nodes feeding it, in order
 * @param params           parameter key (W, b, ...) to the network's key, e.g. {@code W -> conv1_W}, with shapes
 * @param weightKeys       network keys of the weight arrays unstructured pruning may prune (empty if none)
 * @param units            output units (neurons, channels, hidden units), or -1 if unknown
 * @param usesPerInference times each weight is used per example: 1 for dense, H_out*W_out for a convolution
 *                         (H_in*W_in for a deconvolution), time steps for recurrent layers; 0 if unknown (no
 *                         InputType given)
 * @param denseMacs        multiply-accumulates per example with every weight kept, 0 if unknown
 * @param weightCount      number of weights in {@code weightKeys}
 * @param leftAloneReason  why the node's parameters are never pruned, or {@code null}
 */
public record GraphNode(String name, NodeKind kind, String className, List<String> inputs,
                        Map<String, long[]> params, List<String> weightKeys, long units, long usesPerInference,
                        long denseMacs, long weightCount, String leftAloneReason) {

    /** Copies the collections. */
    public GraphNode {
        inputs = List.copyOf(inputs);
        params = Map.copyOf(params);
        weightKeys = List.copyOf(weightKeys);
    }

    /** Whether the node has parameters. */
    public boolean hasParams() {
        return !params.isEmpty();
    }
}
