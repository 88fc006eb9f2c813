package io.github.dl4jpruning.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * The facts of one node: kind, parameter shapes, units, uses per inference and MACs. The one place where uses per
 * inference are computed: from the configuration's activation types, i.e. from the InputType the caller gives (a
 * convolution's {@code H_out * W_out}, a deconvolution's {@code H_in * W_in}, a recurrent layer's time steps from
 * {@code InputType.recurrent(size, timeSteps)}); 0 where the type is unknown.
 */
final class NodeFacts {

    private NodeFacts() {
    }

    static GraphNode of(RawNode raw) {
        NodeKind kind;
        String cls;
        if (raw.layer() != null) {
            kind = LayerTypes.kindOf(raw.layer());
            cls = raw.layer().getClass().getSimpleName();
        } else if (raw.vertex() != null) {
            kind = LayerTypes.kindOf(raw.vertex());
            cls = raw.vertex().getClass().getSimpleName();
        } else {
            kind = NodeKind.INPUT;
            cls = "Input";
        }
        Map<String, long[]> params = new LinkedHashMap<>();
        Map<String, long[]> computed = raw.layer() == null ? Map.of() : LayerTypes.shapes(kind, raw.layer());
        Map<String, long[]> source = raw.modelShapes() != null ? raw.modelShapes() : computed;
        source.forEach((k, v) -> params.put(raw.keyPrefix() + k, v));
        if (raw.modelShapes() == null && kind == NodeKind.UNSUPPORTED && raw.layer() != null) {
            for (String k : raw.layer().initializer().paramKeys(raw.layer())) {
                params.put(raw.keyPrefix() + k, new long[0]);
            }
        }
        String reason = null;
        if (kind == NodeKind.UNSUPPORTED && !params.isEmpty()) {
            reason = LayerTypes.reasonUnsupported(raw.layer() != null ? raw.layer() : raw.vertex());
        }
        List<String> weightKeys = new ArrayList<>();
        long weights = 0;
        for (String k : LayerTypes.weightKeys(kind)) {
            long[] s = params.get(raw.keyPrefix() + k);
            if (s != null) {
                weightKeys.add(raw.keyPrefix() + k);
                weights += count(s);
            }
        }
        long uses = uses(kind, raw);
        long macs = kind == NodeKind.EMBEDDING || kind == NodeKind.EMBEDDING_SEQUENCE ? 0 : weights * uses;
        return new GraphNode(raw.name(), kind, cls, raw.inputs(), params, weightKeys, units(kind, raw.layer()), uses,
                macs, weights, reason);
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static long units(NodeKind kind, Layer l) {
        if (l instanceof DepthwiseConvolution2D d) {
            return d.getNIn() * d.getDepthMultiplier();
        }
        if (kind != NodeKind.PASS_THROUGH && kind != NodeKind.UNSUPPORTED && l instanceof FeedForwardLayer f) {
            return f.getNOut();
        }
        return -1;
    }

    private static long uses(NodeKind kind, RawNode raw) {
        InputType in = raw.inType();
        InputType out = raw.outType();
        return switch (kind) {
            case DENSE, OUTPUT, EMBEDDING -> in instanceof InputType.InputTypeRecurrent r ? steps(r) : 1;
            case EMBEDDING_SEQUENCE, CONV1D, LSTM, GRAVES_LSTM, SIMPLE_RNN ->
                    out instanceof InputType.InputTypeRecurrent r ? steps(r) : 0;
            case CONV2D, DEPTHWISE_CONV2D, SEPARABLE_CONV2D ->
                    out instanceof InputType.InputTypeConvolutional c ? c.getHeight() * c.getWidth() : 0;
            case DECONV2D -> in instanceof InputType.InputTypeConvolutional c ? c.getHeight() * c.getWidth() : 0;
            default -> 0;
        };
    }

    private static long steps(InputType.InputTypeRecurrent r) {
        return Math.max(0, r.getTimeSeriesLength());
    }
}
