package io.github.dl4jpruning.compact;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;

/** How one layer of the chain changes: new sizes, new parameter values (c-order) and a replacement preprocessor. */
final class NodeRewrite {

    final ChainNode node;
    int[] keptIn;
    int[] keptOut;
    long newNIn;
    long newNOut;
    InputPreProcessor newPreProcessor;
    final Map<String, long[]> shapes = new LinkedHashMap<>();
    final Map<String, double[]> values = new LinkedHashMap<>();

    NodeRewrite(ChainNode node) {
        this.node = node;
        node.params.forEach((k, v) -> {
            shapes.put(k, node.shapes.get(k));
            values.put(k, v.clone());
        });
    }
}
