package io.github.dl4jpruning.network;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * {@link NetworkAdapter} for a {@code MultiLayerNetwork}. Layer names are indices (a layer's DL4J name, e.g.
 * {@code .name("hidden")}, is accepted wherever a layer is named, see {@link #canonicalName}); the activation feeding layer
 * {@code i} is recorded under key {@code "input"} for {@code i = 0} and {@code String.valueOf(i - 1)} otherwise, as
 * {@code onForwardPass} lists the input first and then each layer's output.
 */
final class MultiLayerAdapter extends NetworkAdapter {

    /** Key of the network input in the activation statistics of a {@code MultiLayerNetwork}. */
    static final String INPUT_KEY = "input";

    private final MultiLayerNetwork net;

    MultiLayerAdapter(MultiLayerNetwork net, InputType inputType) {
        this.net = net;
        if (net.getLayers() == null) {
            throw new IllegalStateException("the MultiLayerNetwork is not initialised: call net.init() first");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int n = conf.getConfs().size();
        Map<String, String> inputKeys = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Layer lc = conf.getConf(i).getLayer();
            String name = String.valueOf(i);
            if (lc.getLayerName() != null && !lc.getLayerName().equals(name)) {
                aliases.putIfAbsent(lc.getLayerName(), name);
            }
            inputKeys.put(name, i == 0 ? INPUT_KEY : String.valueOf(i - 1));
        }
        GraphLayers.read(initGraph(net, inputType), inputKeys, layers, skipped);
    }

    @Override
    public Model model() {
        return net;
    }

    @Override
    public int epochCount() {
        return net.getLayerWiseConfigurations().getEpochCount();
    }

    @Override
    public int iterationCount() {
        return net.getLayerWiseConfigurations().getIterationCount();
    }

    @Override
    protected Updater updater() {
        return net.getUpdater(false);
    }
}
