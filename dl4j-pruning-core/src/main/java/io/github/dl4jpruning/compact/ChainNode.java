package io.github.dl4jpruning.compact;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One layer of a chain: its configuration, a c-order copy of its parameters ({@code "W"}, {@code "b"}, ...), and the
 * input preprocessor in front of it, if any.
 */
final class ChainNode {

    final String name;
    final Layer conf;
    final NodeRole role;
    final InputPreProcessor preProcessor;
    final Map<String, long[]> shapes = new LinkedHashMap<>();
    final Map<String, double[]> params = new LinkedHashMap<>();
    final DataType dataType;

    ChainNode(String name, Layer conf, InputPreProcessor preProcessor, Map<String, INDArray> paramTable) {
        this.name = name;
        this.conf = conf;
        this.role = NodeRole.of(name, conf);
        this.preProcessor = preProcessor;
        DataType type = DataType.FLOAT;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : paramTable.entrySet()) {
                shapes.put(e.getKey(), e.getValue().shape());
                params.put(e.getKey(), Nd4j.toFlattened('c', e.getValue()).toDoubleVector());
                type = e.getValue().dataType();
            }
        }
        this.dataType = type;
    }

    long nIn() {
        return ((FeedForwardLayer) conf).getNIn();
    }

    long nOut() {
        return ((FeedForwardLayer) conf).getNOut();
    }

    /** {@code kH * kW} for a convolution, 1 otherwise. */
    int kernelArea() {
        if (conf instanceof ConvolutionLayer) {
            long[] s = shapes.get("W");
            return Math.toIntExact(s[2] * s[3]);
        }
        return 1;
    }

    double[] weights() {
        return params.get("W");
    }

    /** The bias, or {@code null} if the layer has none. */
    double[] bias() {
        return params.get("b");
    }
}
