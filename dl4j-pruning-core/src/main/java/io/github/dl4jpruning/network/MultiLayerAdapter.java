package io.github.dl4jpruning.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
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
        List<InputType> types = null;
        if (inputType != null) {
            types = conf.getLayerActivationTypes(inputType);
        }
        for (int i = 0; i < n; i++) {
            Layer lc = conf.getConf(i).getLayer();
            LayerKind kind = LayerSupport.kindOf(lc);
            String name = String.valueOf(i);
            if (lc.getLayerName() != null && !lc.getLayerName().equals(name)) {
                aliases.putIfAbsent(lc.getLayerName(), name);
            }
            if (kind == null) {
                if (net.getLayer(i).numParams() > 0) {
                    skipped.put(name, LayerSupport.reasonUnsupported(lc));
                }
                continue;
            }
            FeedForwardLayer ff = (FeedForwardLayer) lc;
            long uses = 1;
            if (kind == LayerKind.CONV2D) {
                uses = 0;
                if (types != null) {
                    InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) types.get(i);
                    uses = out.getHeight() * out.getWidth();
                }
            }
            String biasKey = net.getLayer(i).paramTable().containsKey("b") ? i + "_b" : null;
            long[] shape = net.getParam(i + "_W").shape();
            layers.add(new PrunableLayer(name, kind, i + "_W", biasKey, i == 0 ? INPUT_KEY : String.valueOf(i - 1),
                    name, ff.getNIn(), ff.getNOut(), shape, uses, successorOf(conf, i)));
        }
    }

    private static String successorOf(MultiLayerConfiguration conf, int i) {
        for (int j = i + 1; j < conf.getConfs().size(); j++) {
            Layer lc = conf.getConf(j).getLayer();
            if (LayerSupport.kindOf(lc) != null) {
                return String.valueOf(j);
            }
            if (!LayerSupport.isTransparent(lc)) {
                return null;
            }
        }
        return null;
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
