package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Issue 13, item 8: a MultiLayerNetwork layer can be chosen by its DL4J name as well as by its index. */
class LayerNamesTest {

    /** dense "hidden" (8-16), batch norm "bn", output "out" (16-3). */
    static MultiLayerNetwork named() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(8).nOut(16).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().name("bn").nOut(16).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static PruneMasks prune(Pruner pruner, MultiLayerNetwork net) {
        return pruner.prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.5)).masks();
    }

    @Test
    void dl4jLayerNamesSelectTheSameLayersAsIndices() {
        assertThat(prune(new Pruner(PruningConfig.builder().layers("hidden").build()), named()).keys()).containsExactly("0_W");
        assertThat(prune(new Pruner(PruningConfig.builder().excludeLayers("hidden").build()), named()).keys()).containsExactly("2_W");
        assertThat(prune(new Pruner(PruningConfig.builder().layers("0").build()), named()).keys()).containsExactly("0_W");

        MultiLayerNetwork net = named();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().layers("out").build()).build();
        pruning.pruneNow(net, 0.5);
        assertThat(pruning.masks().keys()).containsExactly("2_W");
    }

    @Test
    void perLayerBoundsAcceptTheDl4jName() {
        PruneMasks m = prune(new Pruner(PruningConfig.builder().scope(Scope.GLOBAL).sparsityBounds("hidden", 0, 0.1).build()), named());
        assertThat(m.sparsity("0_W")).isLessThanOrEqualTo(0.1 + 1e-9);
    }

    @Test
    void errorsNameTheDl4jNamesToo() {
        assertThatThrownBy(() -> prune(new Pruner(PruningConfig.builder().layers("hiden").build()), named()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown layer 'hiden'; prunable layers are [0 (hidden), 2 (out)]");
        assertThatThrownBy(() -> prune(new Pruner(PruningConfig.builder().layers("bn").build()), named()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 'bn' cannot be pruned");
    }
}
