package io.github.dl4jpruning.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one model of a network: its layers and vertices as {@link GraphNode}s (kind, parameter keys and shapes, uses per
 * inference, MACs, the supported-layer list) and its structured {@link PruningGroup}s: which parameter slices are
 * coupled, across BatchNormalization, flattens, residual adds ({@code ElementWiseVertex}) and concatenations
 * ({@code MergeVertex}), as Torch-Pruning's DepGraph builds them. Built once from the configuration (and the
 * parameter shapes of an initialised network); it never changes the network.
 *
 * <pre>{@code
 * DependencyGraph g = DependencyGraph.of(net, InputType.convolutional(28, 28, 1));
 * for (PruningGroup group : g.groups()) {
 *     if (group.prunable()) { ... group.slices() ... } else { log.info("{}: {}", group.id(), group.reason()); }
 * }
 * long macs = g.node("conv1").denseMacs();
 * }</pre>
 */
public final class DependencyGraph {

    private static final Logger log = LoggerFactory.getLogger(DependencyGraph.class);
    /** Name of the network input of a MultiLayerNetwork (its activation key in the statistics). */
    public static final String MLN_INPUT = "input";
    /** The DL4J layers whose weights the library prunes, for messages. */
    public static final String SUPPORTED_LAYERS = LayerTypes.SUPPORTED;

    private final Map<String, GraphNode> nodes;
    private final List<PruningGroup> groups;
    private final Map<String, String> aliases;
    private final List<String> outputs;

    private DependencyGraph(Map<String, GraphNode> nodes, List<PruningGroup> groups, Map<String, String> aliases,
                            List<String> outputs) {
        this.nodes = Collections.unmodifiableMap(nodes);
        this.groups = List.copyOf(groups);
        this.aliases = Map.copyOf(aliases);
        this.outputs = List.copyOf(outputs);
    }

    /**
     * The graph of an initialised network, without input types (uses per inference of convolutions and recurrent
     * layers are then 0: unknown).
     *
     * @throws IllegalArgumentException if the model is neither a MultiLayerNetwork nor a ComputationGraph
     * @throws IllegalStateException if it is not initialised
     */
    public static DependencyGraph of(Model model) {
        return of(model, (InputType[]) null);
    }

    /**
     * The graph of an initialised network with its input type(s), one per network input.
     *
     * @throws IllegalArgumentException if the model is neither a MultiLayerNetwork nor a ComputationGraph, or the
     *                                  number of input types does not match the network's inputs
     * @throws IllegalStateException if it is not initialised
     */
    public static DependencyGraph of(Model model, InputType... inputTypes) {
        if (model instanceof MultiLayerNetwork mln) {
            if (mln.getLayers() == null) {
                throw new IllegalStateException("the MultiLayerNetwork is not initialised: call net.init() first");
            }
            return build(mln.getLayerWiseConfigurations(), mln, first(inputTypes, 1));
        }
        if (model instanceof ComputationGraph cg) {
            if (cg.getVertices() == null) {
                throw new IllegalStateException("the ComputationGraph is not initialised: call graph.init() first");
            }
            return build(cg.getConfiguration(), cg, inputTypes);
        }
        throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /** The graph of a configuration alone (no network is allocated); shapes come from the configuration. */
    public static DependencyGraph of(MultiLayerConfiguration conf, InputType inputType) {
        return build(conf, null, inputType);
    }

    /** The graph of a configuration alone (no network is allocated); shapes come from the configuration. */
    public static DependencyGraph of(ComputationGraphConfiguration conf, InputType... inputTypes) {
        return build(conf, null, inputTypes);
    }

    private static InputType first(InputType[] types, int expected) {
        if (types == null || types.length == 0) {
            return null;
        }
        if (types.length != expected) {
            throw new IllegalArgumentException("got " + types.length + " input types; the network has " + expected
                    + " input(s)");
        }
        return types[0];
    }

    private static DependencyGraph build(MultiLayerConfiguration conf, MultiLayerNetwork net, InputType inputType) {
        int n = conf.getConfs().size();
        List<InputType> types = null;
        if (inputType != null) {
            types = conf.getLayerActivationTypes(inputType);
        }
        List<RawNode> raws = new ArrayList<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        long inputSize = inputType == null ? -1 : inputType.arrayElementsPerExample();
        if (inputType instanceof InputType.InputTypeConvolutional c) {
            inputSize = c.getChannels();
        } else if (inputType instanceof InputType.InputTypeRecurrent r) {
            inputSize = r.getSize();
        }
        raws.add(new RawNode(MLN_INPUT, null, null, List.of(), null, null, inputType, null, ""));
        for (int i = 0; i < n; i++) {
            Layer l = conf.getConf(i).getLayer();
            String name = String.valueOf(i);
            if (l.getLayerName() != null && !l.getLayerName().equals(name)) {
                aliases.putIfAbsent(l.getLayerName(), name);
            }
            InputType in = types == null ? null : i == 0 ? inputType : types.get(i - 1);
            InputType out = types == null ? null : types.get(i);
            raws.add(new RawNode(name, l, null, List.of(i == 0 ? MLN_INPUT : String.valueOf(i - 1)),
                    conf.getInputPreProcess(i), in, out, net == null ? null : shapes(net.getLayer(i).paramTable()),
                    i + "_"));
        }
        return assemble(raws, Map.of(MLN_INPUT, inputSize), List.of(String.valueOf(n - 1)), aliases);
    }

    private static DependencyGraph build(ComputationGraphConfiguration conf, ComputationGraph net, InputType[] types) {
        Map<String, InputType> act = null;
        if (types != null && types.length > 0) {
            if (types.length != conf.getNetworkInputs().size()) {
                throw new IllegalArgumentException("got " + types.length + " input types; the network has inputs "
                        + conf.getNetworkInputs());
            }
            try {
                act = new LinkedHashMap<>(conf.getLayerActivationTypes(false, false, types));
            } catch (RuntimeException e) {
                // DL4J 1.0.0-M2.1 without addPreprocessors types a layer with its vertex's input, not its
                // preprocessor's output: a dense layer behind setInputTypes' CnnToFeedForwardPreProcessor (VGG16 "18",
                // ResNet50 "output") throws "expected FeedForward input type". A configuration built without
                // setInputTypes lacks the preprocessors altogether. Type a copy with them applied or added (the
                // caller's configuration is never changed). FlattenBeforeDenseTest covers it.
                conf = conf.clone();
                act = new LinkedHashMap<>(conf.getLayerActivationTypes(true, false, types));
            }
            for (int i = 0; i < types.length; i++) {
                act.put(conf.getNetworkInputs().get(i), types[i]);
            }
        }
        List<RawNode> raws = new ArrayList<>();
        Map<String, Long> inputSizes = new LinkedHashMap<>();
        for (String name : topologicalOrder(conf)) {
            if (conf.getNetworkInputs().contains(name)) {
                InputType t = act == null ? null : act.get(name);
                inputSizes.put(name, t == null ? -1L : channels(t));
                raws.add(new RawNode(name, null, null, List.of(), null, null, t, null, ""));
                continue;
            }
            GraphVertex v = conf.getVertices().get(name);
            List<String> in = conf.getVertexInputs().getOrDefault(name, List.of());
            InputType inType = act == null || in.isEmpty() ? null : act.get(in.get(0));
            InputType outType = act == null ? null : act.get(name);
            if (v instanceof LayerVertex lv) {
                Map<String, long[]> shapes = net == null ? null : shapes(net.getVertex(name).paramTable(false));
                raws.add(new RawNode(name, lv.getLayerConf().getLayer(), null, in, lv.getPreProcessor(), inType,
                        outType, shapes, name + "_"));
            } else {
                raws.add(new RawNode(name, null, v, in, v instanceof PreprocessorVertex p ? p.getPreProcessor() : null,
                        inType, outType, net == null ? null : Map.of(), name + "_"));
            }
        }
        Map<String, Long> sizes = new LinkedHashMap<>(inputSizes);
        return assemble(raws, sizes, conf.getNetworkOutputs(), Map.of());
    }

    /** The configuration's order if the graph was initialised, else inputs first and each vertex after its inputs. */
    static List<String> topologicalOrder(ComputationGraphConfiguration conf) {
        if (conf.getTopologicalOrderStr() != null) {
            return conf.getTopologicalOrderStr();
        }
        List<String> order = new ArrayList<>(conf.getNetworkInputs());
        java.util.Set<String> done = new java.util.HashSet<>(order);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String v : conf.getVertices().keySet()) {
                if (!done.contains(v) && done.containsAll(conf.getVertexInputs().getOrDefault(v, List.of()))) {
                    order.add(v);
                    done.add(v);
                    progress = true;
                }
            }
        }
        if (done.size() < conf.getVertices().size() + conf.getNetworkInputs().size()) {
            throw new IllegalArgumentException("the ComputationGraph configuration has a cycle or a missing input: "
                    + "cannot order vertices " + conf.getVertices().keySet().stream().filter(v -> !done.contains(v))
                    .toList());
        }
        return order;
    }

    private static long channels(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getChannels();
        }
        if (t instanceof InputType.InputTypeRecurrent r) {
            return r.getSize();
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return f.getSize();
        }
        return -1;
    }

    private static Map<String, long[]> shapes(Map<String, INDArray> table) {
        Map<String, long[]> out = new LinkedHashMap<>();
        if (table != null) {
            table.forEach((k, v) -> out.put(k, v.shape()));
        }
        return out;
    }

    private static DependencyGraph assemble(List<RawNode> raws, Map<String, Long> inputSizes, List<String> outputs,
                                            Map<String, String> aliases) {
        Map<String, GraphNode> nodes = new LinkedHashMap<>();
        GraphBuilder b = new GraphBuilder(nodes);
        for (RawNode raw : raws) {
            GraphNode node = NodeFacts.of(raw);
            nodes.put(raw.name(), node);
            if (node.kind() == NodeKind.INPUT) {
                b.input(raw.name(), inputSizes.getOrDefault(raw.name(), -1L));
            } else {
                b.visit(raw, node);
            }
            if (node.leftAloneReason() != null) {
                log.info("Layer '{}' is left alone: {}", raw.name(), node.leftAloneReason());
            }
        }
        outputs.forEach(b::output);
        return new DependencyGraph(nodes, b.groups().build(), aliases, outputs);
    }

    /** Every layer, vertex and network input, in topological order. */
    public List<GraphNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /**
     * A node by name (or, in a MultiLayerNetwork, by its DL4J layer name).
     *
     * @throws IllegalArgumentException if there is no such node; the message lists the names
     */
    public GraphNode node(String name) {
        GraphNode n = nodes.get(canonicalName(name));
        if (n == null) {
            throw new IllegalArgumentException("no layer or vertex '" + name + "' in the network; nodes are "
                    + nodes.keySet());
        }
        return n;
    }

    /** Whether a node of that name (or alias) exists. */
    public boolean hasNode(String name) {
        return nodes.containsKey(canonicalName(name));
    }

    /** The node name for a name a user gave: the name itself, or the index a DL4J layer name stands for. */
    public String canonicalName(String name) {
        return nodes.containsKey(name) ? name : aliases.getOrDefault(name, name);
    }

    /** Every structured group, prunable or not, in order of first producer. */
    public List<PruningGroup> groups() {
        return groups;
    }

    /** The groups that can be pruned. */
    public List<PruningGroup> prunableGroups() {
        return groups.stream().filter(PruningGroup::prunable).toList();
    }

    /** The group with that id. */
    public Optional<PruningGroup> group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** The group whose units a layer produces (its output neurons/channels/hidden units), if any. */
    public Optional<PruningGroup> groupProducedBy(String layer) {
        String n = canonicalName(layer);
        return groups.stream().filter(g -> g.producers().contains(n)).findFirst();
    }

    /** Nodes with parameters the library never prunes, with the reason. */
    public Map<String, String> leftAlone() {
        Map<String, String> out = new LinkedHashMap<>();
        nodes.values().stream().filter(n -> n.leftAloneReason() != null)
                .forEach(n -> out.put(n.name(), n.leftAloneReason()));
        return out;
    }

    /** The network output nodes. */
    public List<String> outputs() {
        return outputs;
    }

    /** Total dense MACs per example over all nodes (0 contributions where uses are unknown). */
    public long denseMacs() {
        return nodes.values().stream().mapToLong(GraphNode::denseMacs).sum();
    }
}
