package io.github.dl4jpruning.graph;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * One layer or vertex as read from a configuration, before the graph interprets it.
 *
 * @param name        node name (MLN index or vertex name)
 * @param layer       the layer configuration, or {@code null}
 * @param vertex      the vertex configuration if not a layer, {@code null} for a layer or a network input
 * @param inputs      the feeding nodes
 * @param pre         the input preprocessor, or {@code null}
 * @param inType      the type of the (merged) input before the preprocessor, or {@code null} if unknown
 * @param outType     the type of the output, or {@code null} if unknown
 * @param modelShapes the initialised network's parameter shapes by DL4J key (W, b...), or {@code null}
 * @param keyPrefix   prefix of the network's parameter keys: {@code "0_"}, {@code "conv1_"}
 */
record RawNode(String name, Layer layer, GraphVertex vertex, List<String> inputs, InputPreProcessor pre,
               InputType inType, InputType outType, Map<String, long[]> modelShapes, String keyPrefix) {
}
