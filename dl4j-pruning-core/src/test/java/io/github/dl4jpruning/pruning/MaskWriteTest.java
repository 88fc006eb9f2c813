package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.mask.MaskEnforcer;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

class MaskWriteTest {

    static Stream<String> nets() {
        return Stream.of("mlp", "cnn", "graph");
    }

    /** A trained network, so that its updater state is not zero. */
    private static Model trained(String kind) {
        switch (kind) {
            case "mlp" -> {
                MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
                net.fit(TinyNets.data(64, 16, 1), 2);
                return net;
            }
            case "cnn" -> {
                MultiLayerNetwork net = TinyNets.cnn(3);
                net.fit(TinyNets.images(32, 16, 1), 2);
                return net;
            }
            default -> {
                ComputationGraph g = TinyNets.graph(3);
                g.fit(TinyNets.data(64, 16, 1), 2);
                return g;
            }
        }
    }

    private static Model copy(Model m) {
        return m instanceof MultiLayerNetwork n ? n.clone() : ((ComputationGraph) m).clone();
    }

    private static INDArray updaterState(Model m) {
        return m instanceof MultiLayerNetwork n ? n.getUpdater().getStateViewArray()
                : ((ComputationGraph) m).getUpdater().getStateViewArray();
    }

    /** Random masks on every weight and bias parameter, about 40% pruned. */
    private static PruneMasks randomMasks(NetworkAdapter net) {
        Random rnd = new Random(11);
        PruneMasks masks = new PruneMasks();
        for (PrunableLayer l : net.layers()) {
            for (String key : new String[] {l.weightKey(), l.biasKey()}) {
                if (key == null) {
                    continue;
                }
                long[] shape = net.param(key).shape();
                double[] m = new double[(int) net.param(key).length()];
                for (int i = 0; i < m.length; i++) {
                    m[i] = rnd.nextDouble() < 0.4 ? 0 : 1;
                }
                masks.put(key, shape, m);
            }
        }
        return masks;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void writesTheParametersAndUpdaterStateMaskEnforcerWritesBitForBit(String kind) {
        Model viaEnforcer = trained(kind);
        Model viaWrite = copy(viaEnforcer);
        NetworkAdapter a = NetworkAdapter.of(viaEnforcer);
        NetworkAdapter b = NetworkAdapter.of(viaWrite);
        PruneMasks masks = randomMasks(a);
        assertThat(updaterState(viaEnforcer).toFloatVector()).isEqualTo(updaterState(viaWrite).toFloatVector());
        float[] stateBefore = updaterState(viaWrite).toFloatVector();

        MaskEnforcer.applyToParams(a, masks);
        MaskEnforcer.zeroUpdaterState(a, masks);
        MaskWrite.apply(b, masks);

        // float[] equality compares bit patterns; MaskWrite writes +0.0 where MaskEnforcer's multiply fallback (large
        // masks) leaves -0.0 for a negative weight: equal values, so the sign of zero is made canonical first.
        assertThat(positiveZeros(viaWrite.params().toFloatVector()))
                .isEqualTo(positiveZeros(viaEnforcer.params().toFloatVector()));
        assertThat(positiveZeros(updaterState(viaWrite).toFloatVector()))
                .isEqualTo(positiveZeros(updaterState(viaEnforcer).toFloatVector())).isNotEqualTo(stateBefore);
    }

    @Test
    void aMaskOfTheWrongShapeFailsBeforeAnythingIsWritten() {
        Model net = trained("mlp");
        NetworkAdapter adapter = NetworkAdapter.of(net);
        PruneMasks masks = randomMasks(adapter);
        masks.put("1_W", new long[] {3, 16}, new double[48]);
        float[] before = net.params().toFloatVector();

        assertThatThrownBy(() -> MaskWrite.apply(adapter, masks)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'1_W'").hasMessageContaining("[3, 16]");
        assertThat(net.params().toFloatVector()).isEqualTo(before);
    }

    /** {@code -0.0} as {@code +0.0}; every other value (NaN included) unchanged. */
    private static float[] positiveZeros(float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0f) {
                out[i] = 0f;
            }
        }
        return out;
    }
}
