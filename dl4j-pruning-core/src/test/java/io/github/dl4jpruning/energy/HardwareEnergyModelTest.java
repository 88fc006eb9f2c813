package io.github.dl4jpruning.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.Calibration;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class HardwareEnergyModelTest {

    static MultiLayerNetwork mnistMlp;

    @BeforeAll
    static void buildMnistMlp() {
        mnistMlp = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        mnistMlp.init();
    }

    private static double weightCost(EnergyModel m, boolean compute, double[] p) {
        double sum = 0;
        for (PrunableLayer l : NetworkAdapter.of(mnistMlp).layers()) {
            double[] w = new double[l.weightCount()];
            double[] pl = p == null ? null : Arrays.copyOf(p, (int) l.nIn());
            double[] c = compute ? m.computeCosts(l, w, pl) : m.memoryCosts(l, w, pl);
            for (double x : c) {
                sum += x;
            }
        }
        return sum;
    }

    @Test
    void mnistMlpHas101632MacsAndAbout047MicrojoulesOfFp32Compute() {
        PruningReport report = PruningReport.of(mnistMlp, null, HardwareEnergyModel.defaults());
        assertThat(report.totalRow().macsDense()).isEqualTo(101_632);
        assertThat(report.totalRow().parameters()).isEqualTo(101_770);
        assertThat(EnergyTable.horowitz45nm(Precision.FP32).macPicojoules()).isCloseTo(4.6, within(1e-12));
        double computeUj = weightCost(HardwareEnergyModel.defaults(), true, null) / 1e6;
        double sramUj = weightCost(HardwareEnergyModel.defaults(), false, null) / 1e6;
        assertThat(computeUj).isCloseTo(101_632 * 4.6e-6, within(1e-9)).isCloseTo(0.47, within(0.005));
        assertThat(sramUj).isCloseTo(101_632 * 5e-6, within(1e-9)).isCloseTo(0.51, within(0.005));
        // The report adds the per-neuron bias add and output write, a few hundred pJ on top.
        assertThat(report.total().denseCompute() / 1e6).isCloseTo(0.47, within(0.005));
        assertThat(report.total().denseMemory() / 1e6).isCloseTo(0.51, within(0.005));
    }

    @Test
    void dramWeightsCostAbout65Microjoules() {
        HardwareEnergyModel dram = HardwareEnergyModel.builder().weightMemory(MemoryLevel.DRAM).build();
        assertThat(weightCost(dram, false, null) / 1e6).isCloseTo(65.0, within(0.1));
        HardwareEnergyModel rf = HardwareEnergyModel.builder().weightMemory(MemoryLevel.REGISTER_FILE).build();
        assertThat(weightCost(rf, false, null)).isCloseTo(101_632 * 1.0, within(1e-6));
    }

    @Test
    void zeroSkippingScalesComputeWithTheInputFiringProbability() {
        double[] p = new double[784];
        Arrays.fill(p, 0.25);
        HardwareEnergyModel skip = HardwareEnergyModel.defaults();
        HardwareEnergyModel dense = HardwareEnergyModel.builder().zeroSkipping(false).build();
        assertThat(weightCost(skip, true, p)).isCloseTo(0.25 * 101_632 * 4.6, within(1e-6));
        assertThat(weightCost(dense, true, p)).isCloseTo(101_632 * 4.6, within(1e-6));
        assertThat(weightCost(skip, false, p)).as("memory reads do not depend on p").isCloseTo(101_632 * 5.0, within(1e-6));

        PrunableLayer first = NetworkAdapter.of(mnistMlp).layers().get(0);
        double[] mixed = new double[784];
        mixed[3] = 0.5;
        double[] c = skip.computeCosts(first, new double[first.weightCount()], mixed);
        // Dense W [784, 128], c-order: weight (i, o) at i * 128 + o reads input i.
        assertThat(c[3 * 128 + 7]).isCloseTo(2.3, within(1e-12));
        assertThat(c[4 * 128 + 7]).isZero();
    }

    @Test
    void precisionChangesCostsAsHorowitzSays() {
        EnergyTable fp32 = EnergyTable.horowitz45nm(Precision.FP32);
        EnergyTable fp16 = EnergyTable.horowitz45nm(Precision.FP16);
        EnergyTable int8 = EnergyTable.horowitz45nm(Precision.INT8);
        assertThat(fp32.macPicojoules()).isCloseTo(0.9 + 3.7, within(1e-12));
        assertThat(fp16.macPicojoules()).isCloseTo(0.4 + 1.1, within(1e-12));
        assertThat(int8.macPicojoules()).isCloseTo(0.03 + 0.2, within(1e-12));
        assertThat(fp32.readPicojoules(MemoryLevel.SRAM)).isEqualTo(5.0);
        assertThat(fp32.readPicojoules(MemoryLevel.DRAM)).isEqualTo(640.0);
        assertThat(fp32.readPicojoules(MemoryLevel.REGISTER_FILE)).isEqualTo(1.0);
        assertThat(fp16.readPicojoules(MemoryLevel.SRAM)).isEqualTo(2.5);
        assertThat(int8.readPicojoules(MemoryLevel.DRAM)).isEqualTo(160.0);
        HardwareEnergyModel m8 = HardwareEnergyModel.builder().table(int8).build();
        assertThat(weightCost(m8, true, null)).isCloseTo(101_632 * 0.23, within(1e-6));
        assertThat(weightCost(m8, false, null)).isCloseTo(101_632 * 1.25, within(1e-6));
    }

    @Test
    void eyerissTableIsRelativeToOneMac() {
        EnergyTable e = EnergyTable.eyeriss(Precision.FP32);
        assertThat(e.readPicojoules(MemoryLevel.REGISTER_FILE)).isCloseTo(4.6, within(1e-12));
        assertThat(e.readPicojoules(MemoryLevel.SRAM)).isCloseTo(6 * 4.6, within(1e-12));
        assertThat(e.readPicojoules(MemoryLevel.DRAM)).isCloseTo(200 * 4.6, within(1e-9));
    }

    @Test
    void energyTableRejectsNegativeNanAndInfiniteEnergies() {
        assertThatThrownBy(() -> new EnergyTable(Precision.FP32, -1, 3.7, 1, 5, 640))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addPicojoules").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new EnergyTable(Precision.FP32, 0.9, Double.NaN, 1, 5, 640))
                .hasMessageContaining("multiplyPicojoules").hasMessageContaining("NaN");
        assertThatThrownBy(() -> new EnergyTable(Precision.FP32, 0.9, 3.7, 1, 5, Double.POSITIVE_INFINITY))
                .hasMessageContaining("dramPicojoules").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> new EnergyTable(null, 0.9, 3.7, 1, 5, 640)).hasMessageContaining("precision");
        assertThatThrownBy(() -> HardwareEnergyModel.builder().table(null)).hasMessageContaining("table");
        assertThatThrownBy(() -> HardwareEnergyModel.builder().weightMemory(null)).hasMessageContaining("weightMemory");
    }

    @Test
    void convolutionWeightIsUsedHoutTimesWoutTimesFromTheInputType() {
        MultiLayerNetwork cnn = TinyNets.cnn(1);
        PrunableLayer conv = NetworkAdapter.of(cnn, InputType.convolutional(8, 8, 1)).layers().get(0);
        // 8x8 input, 3x3 kernel, stride 1, no padding: 6x6 outputs.
        assertThat(conv.usesPerInference()).isEqualTo(36);
        assertThat(conv.denseMacs()).isEqualTo(36L * 4 * 1 * 3 * 3);
        double[] c = HardwareEnergyModel.defaults().memoryCosts(conv, new double[conv.weightCount()], null);
        assertThat(c[0]).isCloseTo(36 * 5.0, within(1e-9));
    }

    @Test
    void convolutionUsesComeFromObservedStatisticsWithoutAnInputType() {
        MultiLayerNetwork cnn = TinyNets.cnn(1);
        NetworkAdapter adapter = NetworkAdapter.of(cnn);
        PrunableLayer conv = adapter.layers().get(0);
        assertThat(conv.usesPerInference()).as("unknown before statistics").isZero();
        assertThatThrownBy(() -> HardwareEnergyModel.defaults().computeCosts(conv, new double[conv.weightCount()], null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'0'").hasMessageContaining("InputType");

        ActivationStats stats = Calibration.run(cnn, TinyNets.images(8, 4, 3), 2, 0);
        adapter.resolveUses(stats.shapes());
        assertThat(adapter.layers().get(0).usesPerInference()).isEqualTo(36);
        PruningReport report = PruningReport.of(cnn, stats, HardwareEnergyModel.defaults());
        assertThat(report.rows().get(0).macsDense()).isEqualTo(36L * 4 * 9);
        // dense 36 -> 8 and output 8 -> 3
        assertThat(report.rows().get(1).macsDense()).isEqualTo(36L * 8);
        assertThat(report.rows().get(2).macsDense()).isEqualTo(8L * 3);
    }

    @Test
    void seedModelCountsUsesPerInferenceForConvolutions() {
        MultiLayerNetwork cnn = TinyNets.cnn(1);
        PrunableLayer conv = NetworkAdapter.of(cnn, InputType.convolutional(8, 8, 1)).layers().get(0);
        double[] w = new double[conv.weightCount()];
        w[0] = -0.5;
        double[] e = new SeedEnergyModel().computeCosts(conv, w, new double[] {0.5});
        assertThat(e[0]).isCloseTo(0.5 * 0.5 * 36, within(1e-12));
    }
}
