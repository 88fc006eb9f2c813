package io.github.dl4jpruning.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;

/**
 * Builds the groups: walks the nodes in topological order, carrying for each activation which group's units sit at
 * which channel positions ({@link Segment}s), adding the coupled slices of every layer the units meet, merging groups
 * at element-wise vertices and rejecting groups that meet something it cannot follow.
 */
final class GraphBuilder {

    /** An activation: the segments along its channel/feature axis and that axis' size (-1 if unknown). */
    record Act(List<Segment> segs, long size) {
        static final Act EMPTY = new Act(List.of(), -1);
    }

    private final GroupSet groups = new GroupSet();
    private final Map<String, Act> acts = new HashMap<>();
    private final Map<String, GraphNode> nodes;

    GraphBuilder(Map<String, GraphNode> nodes) {
        this.nodes = nodes;
    }

    GroupSet groups() {
        return groups;
    }

    void input(String name, long size) {
        acts.put(name, new Act(List.of(), size));
    }

    /** Interprets one node; {@code node} has been built from {@code raw} already. */
    void visit(RawNode raw, GraphNode node) {
        Act in = mergedInput(raw, node);
        in = Preprocessors.apply(raw.pre(), in, raw.name(), this);
        Act out = switch (node.kind()) {
            case INPUT -> in;
            case PASS_THROUGH -> raw.layer() instanceof LocalResponseNormalization ? neighbourMixing(in, raw) : in;
            case ELEMENT_WISE -> elementWise(raw);
            case SUBSET -> subset(in, (SubsetVertex) raw.vertex(), raw.name());
            case MERGE -> in;
            case BATCH_NORM -> perChannel(in, raw, node, new String[] {"gamma", "beta", "mean", "var", "log10stdev"});
            case DEPTHWISE_CONV2D -> depthwise(in, raw, node);
            case UNSUPPORTED -> {
                rejectAll(in, "goes through " + node.className() + " '" + raw.name() + "', which the graph cannot follow");
                yield Act.EMPTY;
            }
            default -> weighted(in, raw, node);
        };
        acts.put(raw.name(), out);
    }

    /** Marks every group still at a network output as not prunable. */
    void output(String name) {
        rejectAll(acts.getOrDefault(name, Act.EMPTY), "reaches the network output '" + name + "'");
    }

    void rejectAll(Act act, String reason) {
        for (Segment s : act.segs()) {
            groups.reject(s.group(), reason);
        }
    }

    private Act mergedInput(RawNode raw, GraphNode node) {
        List<String> ins = raw.inputs();
        if (ins.isEmpty()) {
            return new Act(List.of(), node.units());
        }
        if (ins.size() == 1 || node.kind() == NodeKind.ELEMENT_WISE) {
            return acts.getOrDefault(ins.get(0), Act.EMPTY);
        }
        if (raw.vertex() instanceof MergeVertex m && m.getMergeAxis() != 1) {
            List<Act> all = new ArrayList<>();
            ins.forEach(i -> all.add(acts.getOrDefault(i, Act.EMPTY)));
            all.forEach(a -> rejectAll(a, "concatenated along axis " + m.getMergeAxis() + " by MergeVertex '"
                    + raw.name() + "'"));
            return Act.EMPTY;
        }
        List<Segment> segs = new ArrayList<>();
        long offset = 0;
        for (String i : ins) {
            Act a = acts.getOrDefault(i, Act.EMPTY);
            if (offset < 0 || a.size() < 0) {
                rejectAll(a, "concatenated by '" + raw.name() + "' after an input of unknown size");
                offset = -1;
                continue;
            }
            for (Segment s : a.segs()) {
                segs.add(s.shifted((int) offset));
            }
            offset += a.size();
        }
        return new Act(segs, offset);
    }

    /**
     * LocalResponseNormalization divides each channel by the energy of a window of neighbouring channel indices: without
     * a channel, even one that outputs exactly 0, the channels after it see other neighbours, so no group whose
     * channels reach it can be removed exactly.
     */
    private Act neighbourMixing(Act in, RawNode raw) {
        rejectAll(in, "goes through LocalResponseNormalization '" + raw.name() + "', which normalises each channel by "
                + "its neighbours: removing a channel would change the outputs of the channels after it");
        return in;
    }

    private Act elementWise(RawNode raw) {
        List<Act> all = new ArrayList<>();
        raw.inputs().forEach(i -> all.add(acts.getOrDefault(i, Act.EMPTY)));
        Act first = all.get(0);
        boolean aligned = true;
        for (Act a : all) {
            aligned &= a.segs().size() == first.segs().size();
            for (int k = 0; aligned && k < a.segs().size(); k++) {
                Segment s = a.segs().get(k);
                Segment f = first.segs().get(k);
                aligned = s.sameLayout(f) && groups.units(s.group()) == groups.units(f.group());
            }
        }
        if (!aligned) {
            all.forEach(a -> rejectAll(a, "ElementWiseVertex '" + raw.name() + "' combines channels of " + raw.inputs()
                    + " that are not the same groups' units at the same positions"));
            return new Act(List.of(), first.size());
        }
        for (Act a : all) {
            for (int k = 0; k < a.segs().size(); k++) {
                groups.union(first.segs().get(k).group(), a.segs().get(k).group());
            }
        }
        return first;
    }

    private Act subset(Act in, SubsetVertex v, String name) {
        int from = v.getFrom();
        int to = v.getTo();
        List<Segment> out = new ArrayList<>();
        for (Segment s : in.segs()) {
            if (s.end() <= from || s.offset() > to) {
                continue;
            }
            if (!s.simple()) {
                groups.reject(s.group(), "SubsetVertex '" + name + "' takes part of spread-out channels");
                continue;
            }
            int uf = s.unitFrom() + Math.max(0, from - s.offset());
            int ut = s.unitTo() - (int) Math.max(0, s.end() - 1 - to);
            if (ut > uf) {
                out.add(new Segment(s.group(), uf, ut, Math.max(0, s.offset() - from), 1, 1, 1, 0));
            }
        }
        return new Act(out, to - from + 1);
    }

    private Act perChannel(Act in, RawNode raw, GraphNode node, String[] keys) {
        for (Segment s : in.segs()) {
            for (String k : keys) {
                addSlice(s, raw, node, k, 0, SliceRole.PER_CHANNEL);
            }
        }
        return new Act(in.segs(), node.units() >= 0 ? node.units() : in.size());
    }

    private Act depthwise(Act in, RawNode raw, GraphNode node) {
        int mult = ((DepthwiseConvolution2D) raw.layer()).getDepthMultiplier();
        List<Segment> out = new ArrayList<>();
        for (Segment s : in.segs()) {
            addSlice(s, raw, node, "W", 2, SliceRole.PER_CHANNEL);
            if (s.repeats() > 1) {
                groups.reject(s.group(), "DepthwiseConvolution2D '" + raw.name() + "' after a layout it cannot follow");
                continue;
            }
            Segment o = s.scaled(mult);
            addSlice(o, raw, node, "b", 0, SliceRole.PER_CHANNEL);
            out.add(o);
        }
        return new Act(out, node.units());
    }

    /** A layer with weights: consumes its input's units, produces a new group unless it is an output layer. */
    private Act weighted(Act in, RawNode raw, GraphNode node) {
        NodeKind kind = node.kind();
        long nIn = raw.layer() instanceof FeedForwardLayer f ? f.getNIn() : -1;
        in = Preprocessors.implicitFlatten(in, nIn, kind, raw.name(), this);
        for (Segment s : in.segs()) {
            switch (kind) {
                case EMBEDDING, EMBEDDING_SEQUENCE -> groups.reject(s.group(), "feeds " + node.className() + " '"
                        + raw.name() + "', which reads indices, not values");
                case CONV2D, CONV1D -> addSlice(s, raw, node, "W", 1, SliceRole.CONSUMER_INPUT);
                case SEPARABLE_CONV2D -> {
                    addSlice(s, raw, node, "W", 1, SliceRole.CONSUMER_INPUT);
                    if (s.repeats() == 1) {
                        addSlice(s.scaled(((SeparableConvolution2D) raw.layer()).getDepthMultiplier()), raw, node, "pW",
                                1, SliceRole.CONSUMER_INPUT);
                    } else {
                        groups.reject(s.group(), "SeparableConvolution2D '" + raw.name() + "' after a layout it cannot follow");
                    }
                }
                default -> addSlice(s, raw, node, "W", 0, SliceRole.CONSUMER_INPUT);   // dense, output, deconv, recurrent
            }
        }
        if (kind == NodeKind.OUTPUT) {
            return new Act(List.of(), node.units());
        }
        if (node.units() <= 0) {
            return Act.EMPTY;   // units unknown (nOut not set in the configuration): no group
        }
        int n = Math.toIntExact(node.units());
        int g = groups.create(raw.name(), n);
        Segment own = Segment.plain(g, n);
        switch (kind) {
            // Conv1D's W is read as [k, nIn, nOut, 1] (ParamLayout): its filters run along dim 2 of that layout.
            case CONV2D, CONV1D -> addSlice(own, raw, node, "W", kind == NodeKind.CONV1D ? 2 : 0,
                    SliceRole.PRODUCER_OUTPUT);
            case DECONV2D, SEPARABLE_CONV2D -> addSlice(own, raw, node, kind == NodeKind.DECONV2D ? "W" : "pW",
                    kind == NodeKind.DECONV2D ? 1 : 0, SliceRole.PRODUCER_OUTPUT);
            case LSTM, GRAVES_LSTM -> {
                Segment gates = new Segment(g, 0, n, 0, 1, 1, 4, n);
                addSlice(gates, raw, node, "W", 1, SliceRole.PRODUCER_OUTPUT);
                addSlice(gates, raw, node, "RW", 1, SliceRole.PRODUCER_OUTPUT);
                addSlice(own, raw, node, "RW", 0, SliceRole.PER_CHANNEL);
                addSlice(gates, raw, node, "b", 0, SliceRole.PRODUCER_OUTPUT);
                return new Act(List.of(own), n);
            }
            case SIMPLE_RNN -> {
                addSlice(own, raw, node, "RW", 1, SliceRole.PRODUCER_OUTPUT);
                addSlice(own, raw, node, "RW", 0, SliceRole.PER_CHANNEL);
                addSlice(own, raw, node, "W", 1, SliceRole.PRODUCER_OUTPUT);
            }
            default -> addSlice(own, raw, node, "W", 1, SliceRole.PRODUCER_OUTPUT);
        }
        addSlice(own, raw, node, "b", 0, SliceRole.PRODUCER_OUTPUT);
        return new Act(List.of(own), n);
    }

    /**
     * Adds a slice if the node has the parameter; rejects the group if the slice would not fit the array. {@code dim}
     * is a dimension of the parameter's {@link ParamLayout layout}.
     */
    void addSlice(Segment s, RawNode raw, GraphNode node, String key, int dim, SliceRole role) {
        long[] shape = node.params().get(raw.keyPrefix() + key);
        if (shape == null) {
            return;
        }
        long[] layout = ParamLayout.of(raw.layer(), key, shape);
        if (layout.length <= dim || s.end() > layout[dim]) {
            groups.reject(s.group(), "its units do not fit " + raw.keyPrefix() + key + " of " + node.className() + " '"
                    + raw.name() + "' (positions up to " + s.end() + ", size " + (layout.length > dim ? layout[dim] : -1)
                    + ")");
            return;
        }
        groups.add(s.group(), s.slice(raw.name(), key, raw.keyPrefix() + key, shape, layout, dim, role));
    }

    /** The network's current activation for a node (for tests and preprocessors). */
    Map<String, Act> acts() {
        return new LinkedHashMap<>(acts);
    }
}
