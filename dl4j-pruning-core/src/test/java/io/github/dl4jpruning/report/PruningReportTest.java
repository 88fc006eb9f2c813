package io.github.dl4jpruning.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.energy.LayerEnergy;
import io.github.dl4jpruning.energy.SeedEnergyModel;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class PruningReportTest {

    @Test
    void aDenseNetworksReportCountsEveryWeightAndEqualEnergies() {
        PruningReport r = PruningReport.of(TinyNets.mlp(new Adam(1e-2), 1), null, HardwareEnergyModel.defaults());
        assertThat(r.rows()).extracting(LayerReport::layer).containsExactly("0", "1");
        LayerReport hidden = r.rows().get(0);
        assertThat(hidden.weights()).isEqualTo(8 * 16);
        assertThat(hidden.parameters()).isEqualTo(8 * 16 + 16);
        assertThat(hidden.weightSparsity()).isZero();
        assertThat(hidden.macsEffective()).isEqualTo(hidden.macsDense()).isEqualTo(8 * 16);
        assertThat(r.total().pruned()).isEqualTo(r.total().dense()).isGreaterThan(0);
        assertThat(r.energyUnit()).isEqualTo("pJ");
    }

    @Test
    void zeroWeightsAreReadFromTheParametersWhateverPrunedThem() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        for (int i = 0; i < 8; i++) {
            for (int o = 0; o < 8; o++) {
                net.getParam("0_W").putScalar(i, o, 0.0);    // half of the hidden layer's weights, by hand
            }
        }
        net.getParam("0_b").assign(0.1);                       // DL4J starts biases at 0: make them count
        PruningReport r = PruningReport.of(net, null, HardwareEnergyModel.defaults());
        LayerReport hidden = r.rows().get(0);
        assertThat(hidden.weightSparsity()).isEqualTo(0.5);
        assertThat(hidden.nonZero()).isEqualTo(64 + 16);
        assertThat(hidden.macsEffective()).isEqualTo(64);
        assertThat(hidden.energy().pruned()).isLessThan(hidden.energy().dense());
        assertThat(r.totalRow().weights()).isEqualTo(8 * 16 + 16 * 3);
        assertThat(r.totalRow().weightSparsity()).isCloseTo(64.0 / (8 * 16 + 16 * 3), within(1e-12));
        assertThat(r.toMarkdown()).contains("| 0 ").contains("| 1 ");
        assertThat(r.toJson()).contains("\"layers\"").contains("\"weightSparsity\" : 0.5");
    }

    @Test
    void withDenseEnergyReplacesOnlyTheNamedLayersDenseFigures() {
        PruningReport r = PruningReport.of(TinyNets.mlp(new Adam(1e-2), 1), null, HardwareEnergyModel.defaults());
        LayerEnergy kept = new LayerEnergy(1000, 2000, 0, 0);
        PruningReport replaced = r.withDenseEnergy(Map.of("0", kept));
        assertThat(replaced.rows().get(0).energy().dense()).isEqualTo(3000);
        assertThat(replaced.rows().get(0).energy().pruned()).isEqualTo(r.rows().get(0).energy().pruned());
        assertThat(replaced.rows().get(1).energy()).isEqualTo(r.rows().get(1).energy());
    }

    @Test
    void totalEnergyIsTheReportsTotalBitForBitWithoutItsRows() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 1);
        for (int i = 0; i < 8; i += 2) {
            for (int o = 0; o < 16; o += 3) {
                net.getParam("0_W").putScalar(i, o, 0.0);
            }
        }
        net.getParam("1_W").putScalar(3, 0.0);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        for (EnergyModel model : new EnergyModel[] {HardwareEnergyModel.defaults(), new SeedEnergyModel()}) {
            LayerEnergy report = PruningReport.of(adapter, null, model).total();
            LayerEnergy total = PruningReport.totalEnergy(adapter, null, model);
            assertThat(total).isEqualTo(report);
        }
    }
}
