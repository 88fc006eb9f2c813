package io.github.dl4jpruning.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class NetworkAdapterTest {

    @Test
    void aMultiLayerNetworksLayersCarryDl4jKeysShapesAndTheGroupTheirNeuronsForm() {
        NetworkAdapter net = NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 1));
        assertThat(net.layerNames()).containsExactly("0", "1");
        PrunableLayer hidden = net.layer("0").orElseThrow();
        PrunableLayer out = net.layer("1").orElseThrow();
        assertThat(hidden.kind()).isEqualTo(LayerKind.DENSE);
        assertThat(out.kind()).isEqualTo(LayerKind.OUTPUT);
        assertThat(hidden.weightKey()).isEqualTo("0_W");
        assertThat(hidden.biasKey()).isEqualTo("0_b");
        assertThat(hidden.weightShape()).containsExactly(8, 16);
        assertThat(hidden.nIn()).isEqualTo(8);
        assertThat(hidden.nOut()).isEqualTo(16);
        assertThat(net.graph().groupProducedBy("0").orElseThrow().layers()).containsExactly("0", "1");
        assertThat(net.graph().groupProducedBy("1")).as("output units are never a group").isEmpty();
        assertThat(hidden.inputKey()).isEqualTo("input");
        assertThat(out.inputKey()).as("fed by layer 0's output").isEqualTo(hidden.outputKey());
        assertThat(hidden.usesPerInference()).isEqualTo(1);
        assertThat(hidden.denseMacs()).isEqualTo(8 * 16);
        assertThat(net.param("0_W").shape()).containsExactly(8, 16);
    }

    @Test
    void aComputationGraphsLayersAreNamedByVertex() {
        NetworkAdapter net = NetworkAdapter.of(TinyNets.graph(1));
        assertThat(net.layerNames()).containsExactly("dense", "out");
        assertThat(net.layer("dense").orElseThrow().weightKey()).isEqualTo("dense_W");
        assertThat(net.graph().groupProducedBy("dense").orElseThrow().layers()).containsExactly("dense", "out");
    }

    @Test
    void flatIndicesMapToInputAndOutputAsTheCOrderLayoutSays() {
        PrunableLayer dense = NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 1)).layer("0").orElseThrow();
        // [nIn=8, nOut=16]: i * 16 + o
        assertThat(dense.inputIndexOf(3 * 16 + 5)).isEqualTo(3);
        assertThat(dense.outputIndexOf(3 * 16 + 5)).isEqualTo(5);

        PrunableLayer conv = NetworkAdapter.of(TinyNets.cnn(1), InputType.convolutional(8, 8, 1)).layers().get(0);
        assertThat(conv.kind()).isEqualTo(LayerKind.CONV2D);
        assertThat(conv.weightShape()).containsExactly(4, 1, 3, 3);
        // [nOut=4, nIn=1, 3, 3]: ((o * 1 + i) * 3 + y) * 3 + x
        assertThat(conv.outputIndexOf(((2 * 1) * 3 + 1) * 3 + 2)).isEqualTo(2);
        assertThat(conv.inputIndexOf(((2 * 1) * 3 + 1) * 3 + 2)).isEqualTo(0);
        assertThat(conv.kernelArea()).isEqualTo(9);
    }

    @Test
    void aConvolutionsUsesPerInferenceComeFromTheInputTypeOrFromObservedShapes() {
        MultiLayerNetwork cnn = TinyNets.cnn(1);
        assertThat(NetworkAdapter.of(cnn, InputType.convolutional(8, 8, 1)).layers().get(0).usesPerInference())
                .as("6 x 6 outputs of a 3x3 kernel on 8x8").isEqualTo(36);
        NetworkAdapter observed = NetworkAdapter.of(cnn);
        PrunableLayer conv = observed.layers().get(0);
        observed.resolveUses(Map.of(conv.outputKey(), new long[] {4, 6, 6}));
        assertThat(observed.layers().get(0).usesPerInference()).isEqualTo(36);
    }

    @Test
    void anythingButAMultiLayerNetworkOrAComputationGraphIsRejected() {
        assertThatThrownBy(() -> NetworkAdapter.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got null");
    }
}
