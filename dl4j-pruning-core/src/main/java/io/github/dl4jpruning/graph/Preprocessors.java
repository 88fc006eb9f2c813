package io.github.dl4jpruning.graph;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;

/**
 * How units move through DL4J's input preprocessors: the CNN-to-dense flatten spreads channel {@code c} over
 * positions {@code [c * H * W, (c + 1) * H * W)} (NCHW) or {@code c, c + C, ...} (NHWC); the RNN/feed-forward
 * reshapes keep feature indices; any other reshape stops the groups that reach it.
 */
final class Preprocessors {

    private Preprocessors() {
    }

    static GraphBuilder.Act apply(InputPreProcessor pre, GraphBuilder.Act in, String name, GraphBuilder b) {
        if (pre == null) {
            return in;
        }
        if (pre instanceof ComposableInputPreProcessor c) {
            GraphBuilder.Act a = in;
            for (InputPreProcessor p : c.getInputPreProcessors()) {
                a = apply(p, a, name, b);
            }
            return a;
        }
        if (pre instanceof RnnToFeedForwardPreProcessor || pre instanceof FeedForwardToRnnPreProcessor) {
            return in;
        }
        if (pre instanceof CnnToFeedForwardPreProcessor p) {
            return flatten(in, p.getInputHeight() * p.getInputWidth(), p.getFormat() == CNN2DFormat.NHWC, name, b);
        }
        if (pre instanceof CnnToRnnPreProcessor p) {
            return flatten(in, p.getInputHeight() * p.getInputWidth(), false, name, b);
        }
        b.rejectAll(in, "reshaped by " + pre.getClass().getSimpleName() + " before '" + name + "'");
        return GraphBuilder.Act.EMPTY;
    }

    /** Channel {@code c} of a {@code [C, H, W]} volume to its {@code area} flattened positions. */
    static GraphBuilder.Act flatten(GraphBuilder.Act in, long area, boolean channelsLast, String name, GraphBuilder b) {
        if (area <= 0 || in.size() < 0) {
            b.rejectAll(in, "flattened before '" + name + "' with an unknown spatial size");
            return new GraphBuilder.Act(List.of(), -1);
        }
        int a = Math.toIntExact(area);
        List<Segment> out = new ArrayList<>();
        for (Segment s : in.segs()) {
            if (!channelsLast) {
                out.add(s.scaled(a));
            } else if (s.repeats() == 1) {
                out.add(new Segment(s.group(), s.unitFrom(), s.unitTo(), s.offset(), s.unitStride(), s.span(), a,
                        Math.toIntExact(in.size())));
            } else {
                b.rejectAll(new GraphBuilder.Act(List.of(s), in.size()), "flattened (NHWC) before '" + name
                        + "' from a layout the graph cannot follow");
            }
        }
        return new GraphBuilder.Act(out, in.size() * area);
    }

    /**
     * A dense-type layer reading a wider input than its producer's channels without a preprocessor in the
     * configuration (a network built without an InputType): the channel-major flatten DL4J applies by default.
     */
    static GraphBuilder.Act implicitFlatten(GraphBuilder.Act in, long nIn, NodeKind kind, String name, GraphBuilder b) {
        if (nIn < 0 || in.size() < 0 || nIn == in.size() || in.segs().isEmpty()) {
            return in;
        }
        boolean dense = kind == NodeKind.DENSE || kind == NodeKind.OUTPUT || kind.isRecurrent();
        if (dense && in.size() > 0 && nIn % in.size() == 0) {
            return flatten(in, nIn / in.size(), false, name, b);
        }
        b.rejectAll(in, "'" + name + "' reads " + nIn + " inputs from " + in.size() + " channels");
        return new GraphBuilder.Act(List.of(), nIn);
    }
}
