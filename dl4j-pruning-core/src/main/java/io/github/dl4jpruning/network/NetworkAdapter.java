package io.github.dl4jpruning.network;

import io.github.dl4jpruning.graph.DependencyGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One view of a {@code MultiLayerNetwork} or a {@code ComputationGraph}: its prunable layers in topological order,
 * its live parameter views, its gradient and its updater state. Everything else in the library talks to a network
 * through this type.
 *
 * <pre>{@code
 * NetworkAdapter adapter = NetworkAdapter.of(net);
 * for (PrunableLayer layer : adapter.layers()) { ... adapter.param(layer.weightKey()) ... }
 * }</pre>
 */
public abstract class NetworkAdapter {

    /** Prunable layers in topological order, filled by the subclass constructor. */
    protected final List<PrunableLayer> layers = new ArrayList<>();
    /** Layers with parameters that are left alone, with the reason. */
    protected final Map<String, String> skipped = new LinkedHashMap<>();
    /** Other names users know a layer by (a MultiLayerNetwork layer's DL4J name), to the layer's name here. */
    protected final Map<String, String> aliases = new LinkedHashMap<>();
    /** The input type the adapter was built with, or {@code null}. */
    protected InputType inputType;
    private DependencyGraph graph;

    /**
     * Wraps a network.
     *
     * @param model a {@code MultiLayerNetwork} or a {@code ComputationGraph}, initialised
     * @throws IllegalArgumentException for any other model type
     */
    public static NetworkAdapter of(Model model) {
        return of(model, null);
    }

    /**
     * Wraps a network whose input type is known, so that a convolution's output size ({@code H_out * W_out}) can be
     * derived from the configuration rather than from observed activations.
     *
     * @param inputType the network's input type, or {@code null}
     */
    public static NetworkAdapter of(Model model, InputType inputType) {
        NetworkAdapter a = null;
        if (model instanceof MultiLayerNetwork mln) {
            a = new MultiLayerAdapter(mln, inputType);
        }
        if (model instanceof ComputationGraph graph) {
            a = new GraphAdapter(graph, inputType);
        }
        if (a != null) {
            a.inputType = inputType;
            return a;
        }
        throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /**
     * The network's dependency graph (structured groups, uses per inference, MACs, supported layers), built once from
     * the configuration and the input type this adapter was given. A ComputationGraph with several inputs gets a graph
     * without input types.
     */
    public DependencyGraph graph() {
        return graph;
    }

    /** Builds the graph this adapter reads its layers from (called once by the subclass constructor). */
    protected DependencyGraph initGraph(Model model, InputType inputType) {
        boolean oneInput = !(model instanceof ComputationGraph cg) || cg.getConfiguration().getNetworkInputs().size() == 1;
        graph = inputType != null && oneInput ? DependencyGraph.of(model, inputType) : DependencyGraph.of(model);
        return graph;
    }

    /** The network this adapter wraps. */
    public abstract Model model();

    /** The prunable layers in topological order. */
    public List<PrunableLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Names of layers with parameters that the library leaves alone, each with the reason. */
    public Map<String, String> skippedLayers() {
        return Collections.unmodifiableMap(skipped);
    }

    /** The live view of a parameter: changing it changes the network. */
    public INDArray param(String key) {
        INDArray p;
        try {
            p = model().getParam(key);
        } catch (RuntimeException e) {
            p = null;
        }
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + key + "' in the network; parameters are "
                    + model().paramTable().keySet());
        }
        return p;
    }

    /** The current gradient (valid inside {@code onGradientCalculation}), or {@code null}. */
    public Gradient gradient() {
        return model().gradient();
    }

    /** The network's epoch counter: during {@code onEpochEnd} this is the index of the epoch that just ended. */
    public abstract int epochCount();

    /** The network's iteration counter. */
    public abstract int iterationCount();

    /** The updater blocks, if the updater has been created and its state initialised. */
    public List<UpdaterBlock> updaterBlocks() {
        Updater updater = updater();
        if (updater instanceof BaseMultiLayerUpdater<?> base) {
            return base.getUpdaterBlocks();
        }
        return List.of();
    }

    /** The network's updater, or {@code null} if it has not been created yet. */
    protected abstract Updater updater();

    /** A layer by name (or by the DL4J layer name of a {@code MultiLayerNetwork} layer). */
    public Optional<PrunableLayer> layer(String name) {
        String n = canonicalName(name);
        return layers().stream().filter(l -> l.name().equals(n)).findFirst();
    }

    /**
     * Every weight array of a layer: the layer's own entry and its second arrays ({@code "lstm/RW"},
     * {@code "sep/pW"}), by the layer's name or alias.
     */
    public List<PrunableLayer> arraysOf(String name) {
        String n = canonicalName(name);
        return layers().stream().filter(l -> l.name().equals(n) || l.name().startsWith(n + "/")).toList();
    }

    /**
     * The name this adapter gives the layer a user named: the name itself if a layer (or a skipped layer) has it,
     * else the layer whose DL4J name it is ({@code .name("hidden")} on a {@code MultiLayerNetwork} layer), else the
     * name unchanged. Indices win over DL4J names that look like indices.
     */
    public String canonicalName(String name) {
        if (skipped.containsKey(name) || layers.stream().anyMatch(l -> l.name().equals(name))
                || graph != null && graph.nodes().stream().anyMatch(n -> n.name().equals(name))) {
            return name;
        }
        return aliases.getOrDefault(name, name);
    }

    /** The prunable layers' names, each with its DL4J name where it has another one, e.g. {@code [0 (hidden), 1]}. */
    public List<String> layerNamesWithAliases() {
        List<String> out = new ArrayList<>();
        for (PrunableLayer l : layers()) {
            String alias = null;
            for (Map.Entry<String, String> e : aliases.entrySet()) {
                // DL4J names an unnamed MultiLayerNetwork layer "layer" + index: accepted, but not worth showing.
                if (e.getValue().equals(l.name()) && !e.getKey().equals("layer" + l.name())) {
                    alias = e.getKey();
                }
            }
            out.add(alias == null ? l.name() : l.name() + " (" + alias + ")");
        }
        return out;
    }

    /** The names of all prunable layers. */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        layers().forEach(l -> names.add(l.name()));
        return names;
    }

    /**
     * Fills in each convolution's uses per inference from observed per-example output shapes
     * ({@code [C, H, W]}), for networks whose input type was not given.
     *
     * @param observedShapes per-example shapes by activation key
     */
    public void resolveUses(Map<String, long[]> observedShapes) {
        for (int k = 0; k < layers.size(); k++) {
            layers.set(k, withObservedUses(layers.get(k), observedShapes));
        }
    }

    /**
     * A layer with its unknown uses per inference taken from observed per-example shapes, without changing this
     * adapter (what a report reads: a report never changes what the next pruning step sees).
     *
     * @param observedShapes per-example shapes by activation key
     * @return the layer itself if its uses are known or nothing was observed for it
     */
    public PrunableLayer withObservedUses(PrunableLayer l, Map<String, long[]> observedShapes) {
        if (l.usesPerInference() != 0 || observedShapes == null) {
            return l;
        }
        // A deconvolution's weights are used once per input position, every other layer's per output one.
        long[] shape = observedShapes.get(l.kind() == LayerKind.DECONV2D ? l.inputKey() : l.outputKey());
        if (shape != null && shape.length == 3) {
            return l.withUsesPerInference(shape[1] * shape[2]);
        }
        if (shape != null && shape.length == 2) {
            return l.withUsesPerInference(shape[1]);   // [features, time steps]
        }
        return l;
    }
}
