package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.network.Weights;
import io.github.dl4jpruning.report.LayerReport;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.PolynomialDecaySchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.stats.Calibration;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class EnergyPruningCallbackTest {

    static double[] flat(INDArray a) {
        return Nd4j.toFlattened('c', a).toDoubleVector();
    }

    static void assertMaskedEntriesZero(org.deeplearning4j.nn.api.Model net, PruneMasks masks) {
        for (String key : masks.keys()) {
            double[] v = flat(net.paramTable().get(key));
            double[] m = masks.values(key);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0) {
                    assertThat(v[i]).as("%s[%d]", key, i).isZero();
                }
            }
        }
    }

    @Test
    void computationGraphPrunedWeightsStayZeroByVertexName() {
        ComputationGraph graph = TinyNets.graph(4);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.activationWeighted()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5)).statistics(stats).build();
        graph.addListeners(stats, pruning);
        graph.fit(TinyNets.data(128, 32, 1), 3);

        PruneMasks masks = pruning.masks();
        assertThat(masks.keys()).containsExactlyInAnyOrder("dense_W", "out_W");
        assertThat(pruning.sparsityByLayer()).containsOnlyKeys("dense", "out");
        assertThat(masks.prunedCount("dense_W")).isEqualTo(64);
        assertThat(masks.prunedCount("out_W")).isEqualTo(24);
        assertMaskedEntriesZero(graph, masks);
        assertThat(pruning.history()).hasSize(1);
        assertThat(pruning.history().get(0).epoch()).isZero();
    }

    @Test
    void structuredDenseNeuronPruningZeroesColumnBiasAndSuccessorRows() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 5);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().granularity(Granularity.NEURONS).build())
                .schedule(PruningSchedule.oneShot(0, 0.25)).build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(128, 32, 1), 3);

        INDArray w0 = net.getParam("0_W");
        INDArray b0 = net.getParam("0_b");
        INDArray w1 = net.getParam("1_W");
        int dead = 0;
        for (int o = 0; o < 16; o++) {
            boolean columnZero = w0.getColumn(o).eq(0).all();
            if (columnZero) {
                dead++;
                assertThat(b0.getDouble(o)).as("bias of pruned neuron %d", o).isZero();
                assertThat(w1.getRow(o).eq(0).all()).as("successor row %d", o).isTrue();
            } else {
                assertThat(w1.getRow(o).neq(0).any()).isTrue();
            }
        }
        assertThat(dead).isEqualTo(4);
        assertThat(pruning.masks().keys()).contains("0_W", "0_b", "1_W");
    }

    @Test
    void convolutionFilterPruningZeroesFilterBiasAndDenseRowsOfThatChannel() {
        MultiLayerNetwork cnn = TinyNets.cnn(6);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().granularity(Granularity.NEURONS)
                .layers(0)
                .build()).schedule(PruningSchedule.oneShot(0, 0.5)).statistics(stats).build();
        cnn.addListeners(stats, pruning);
        cnn.fit(TinyNets.images(64, 16, 2), 3);

        INDArray w = cnn.getParam("0_W"); // [4, 1, 3, 3]
        INDArray b = cnn.getParam("0_b");
        INDArray dense = cnn.getParam("2_W"); // [36, 8], rows 9o .. 9o + 8 read channel o
        assertThat(w.shape()).containsExactly(4, 1, 3, 3);
        assertThat(dense.shape()).containsExactly(36, 8);
        int dead = 0;
        for (int o = 0; o < 4; o++) {
            boolean filterZero = w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(o)).eq(0).all();
            if (filterZero) {
                dead++;
                assertThat(b.getDouble(o)).isZero();
                for (int r = 9 * o; r < 9 * o + 9; r++) {
                    assertThat(dense.getRow(r).eq(0).all()).as("dense row %d for channel %d", r, o).isTrue();
                }
            } else {
                assertThat(dense.getRow(9 * o).neq(0).any()).isTrue();
            }
        }
        assertThat(dead).isEqualTo(2);
    }

    @Test
    void adamStateIsZeroForPrunedEntriesRightAfterPruning() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 8);
        assertAdamStateZeroedForPrunedEntries(net, "0_W", "1_W");
    }

    @Test
    void adamStateIsZeroForPrunedEntriesOfAComputationGraph() {
        assertAdamStateZeroedForPrunedEntries(TinyNets.graph(8), "dense_W", "out_W");
    }

    /** Both networks are 8-16-3 with one Adam block: state = [M | V], each in flat parameter order W1, b1, W2, b2. */
    private static void assertAdamStateZeroedForPrunedEntries(org.deeplearning4j.nn.api.Model net, String w1, String w2) {
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .schedule(PruningSchedule.oneShot(99, 0.5)).build();
        DataSetIterator data = TinyNets.data(64, 16, 1);
        if (net instanceof MultiLayerNetwork mln) {
            mln.addListeners(pruning);
            mln.fit(data, 2);
        } else {
            ComputationGraph g = (ComputationGraph) net;
            g.addListeners(pruning);
            g.fit(data, 2);
        }
        INDArray stateView = net instanceof MultiLayerNetwork mln ? mln.getUpdater().getStateViewArray()
                : ((ComputationGraph) net).getUpdater().getStateViewArray();
        long n = net.numParams();
        assertThat(stateView.length()).as("one block, Adam M then V").isEqualTo(2 * n);
        double[] before = flat(stateView);

        pruning.pruneNow(net, 0.5);

        double[] s = flat(stateView);
        // Dense W is stored in 'f' order: entry (i, o) of [rows, cols] at offset + o * rows + i.
        long[] offsets = {0, 8 * 16 + 16};
        String[] keys = {w1, w2};
        int[][] shapes = {{8, 16}, {16, 3}};
        int zeroed = 0;
        int kept = 0;
        for (int k = 0; k < 2; k++) {
            double[] m = pruning.masks().values(keys[k]);
            int rows = shapes[k][0];
            int cols = shapes[k][1];
            for (int i = 0; i < rows; i++) {
                for (int o = 0; o < cols; o++) {
                    int fIndex = (int) offsets[k] + o * rows + i;
                    if (m[i * cols + o] == 0) {
                        assertThat(s[fIndex]).as("M of %s[%d,%d]", keys[k], i, o).isZero();
                        assertThat(s[(int) n + fIndex]).as("V of %s[%d,%d]", keys[k], i, o).isZero();
                        zeroed++;
                    } else {
                        assertThat(s[(int) n + fIndex]).as("V of kept %s[%d,%d]", keys[k], i, o)
                                .isEqualTo(before[(int) n + fIndex]);
                        if (s[(int) n + fIndex] != 0) {
                            kept++;
                        }
                    }
                }
            }
        }
        assertThat(zeroed).isEqualTo(64 + 24);
        assertThat(kept).as("kept entries still carry state").isGreaterThan(40);
    }

    @Test
    void sameSeedGivesSameMasksAndSameWeightsAfterTraining() {
        PruneMasks[] masks = new PruneMasks[2];
        double[][] params = new double[2][];
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 11);
            ActivationStatsListener stats = ActivationStatsListener.builder().sampleEvery(2).build();
            EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.energyAware())
                    .scope(Scope.GLOBAL)
                    .build()).statistics(stats)
                    .schedule(PruningSchedule.polynomial(0, 2, 1, 0.0, 0.7, 3, PolynomialDecaySchedule.Unit.EPOCHS))
                    .build();
            net.addListeners(stats, pruning);
            net.fit(TinyNets.data(96, 16, 3), 4);
            masks[run] = pruning.masks();
            params[run] = flat(net.params());
        }
        for (String k : masks[0].keys()) {
            assertThat(masks[1].values(k)).containsExactly(masks[0].values(k));
        }
        assertThat(params[1]).containsExactly(params[0]);
    }

    @Test
    void iterationSchedulesFireDuringFit() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 2);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .schedule(PruningSchedule.polynomial(2, 6, 2, 0.1, 0.6, 3, PolynomialDecaySchedule.Unit.ITERATIONS))
                .build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(160, 16, 1)); // 10 iterations
        assertThat(pruning.history()).hasSize(3);
        double[] targets = pruning.history().stream().mapToDouble(e -> e.target().value()).toArray();
        assertThat(targets).containsExactly(new double[] {0.1, 0.6 + (0.1 - 0.6) * Math.pow(0.5, 3), 0.6}, within(1e-12));
        assertThat(pruning.sparsity()).isCloseTo(0.6, within(1.0 / 176));
        assertMaskedEntriesZero(net, pruning.masks());
    }

    @Test
    void energyTargetRemovesAtLeastThatShareOfTheIncludedLayersWeightEnergy() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 12);
        net.fit(TinyNets.data(64, 16, 1));
        ActivationStats stats = Calibration.run(net, TinyNets.data(64, 16, 2), 4, 0);
        HardwareEnergyModel model = HardwareEnergyModel.defaults();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.energyAware())
                .energyModel(model).targetKind(Target.Kind.ENERGY).layers(0)
                .build()).statistics(stats)
                .schedule(PruningSchedule.oneShot(99, 0.6)).build();
        PruningReport before = pruning.report(net);

        PruningEvent event = pruning.pruneNow(net, 0.6);

        NetworkAdapter adapter = NetworkAdapter.of(net);
        PrunableLayer l0 = adapter.layers().get(0);
        double[] w = Weights.read(adapter, l0.weightKey());
        double[] cost = model.weightCosts(l0, w, stats.inputOf(l0).firingProbability());
        double dense = 0;
        double remaining = 0;
        for (int i = 0; i < w.length; i++) {
            dense += cost[i];
            remaining += w[i] != 0 ? cost[i] : 0;
        }
        assertThat(remaining).isLessThanOrEqualTo((1 - 0.6) * dense + 1e-9);
        PruningReport after = pruning.report(net);
        assertThat(before.rows().get(0).energy().pruned() - after.rows().get(0).energy().pruned())
                .isGreaterThanOrEqualTo(0.6 * dense - 1e-6);
        assertThat(after.rows().get(1).energy().pruned()).as("excluded layer untouched")
                .isEqualTo(before.rows().get(1).energy().pruned());
        assertThat(event.sparsityByLayer()).containsOnlyKeys("0");
        assertThat(event.energyAfter()).isLessThan(event.energyBefore());
    }

    @Test
    void reportCountsParametersNonZeroSparsityAndMacsOfAPrunedNet() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 13);
        net.setParam("0_b", Nd4j.ones(1, 16).muli(0.1));
        net.setParam("1_b", Nd4j.zeros(1, 3));
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .schedule(PruningSchedule.oneShot(99, 0.75)).build();
        pruning.pruneNow(net, 0.75);

        PruningReport report = pruning.report(net);
        LayerReport r0 = report.rows().get(0);
        LayerReport r1 = report.rows().get(1);
        assertThat(r0.kind()).isEqualTo("dense");
        assertThat(r0.parameters()).isEqualTo(8 * 16 + 16);
        assertThat(r0.weights()).isEqualTo(128);
        assertThat(r0.nonZero()).isEqualTo(32 + 16);
        assertThat(r0.weightSparsity()).isEqualTo(0.75);
        assertThat(r0.macsDense()).isEqualTo(128);
        assertThat(r0.macsEffective()).isEqualTo(32);
        assertThat(r1.kind()).isEqualTo("output");
        assertThat(r1.parameters()).isEqualTo(16 * 3 + 3);
        assertThat(r1.nonZero()).isEqualTo(12);
        assertThat(r1.macsEffective()).isEqualTo(12);
        LayerReport total = report.totalRow();
        assertThat(total.parameters()).isEqualTo(8 * 16 + 16 + 16 * 3 + 3);
        assertThat(total.macsDense()).isEqualTo(128 + 48);
        assertThat(total.macsEffective()).isEqualTo(44);
        assertThat(total.weightSparsity()).isCloseTo(132.0 / 176, within(1e-12));
        // No statistics: every input fires. Kept weights cost 4.6 + 5 pJ; live neurons 0.9 + 1 pJ each.
        assertThat(r0.energy().pruned()).isCloseTo(32 * 9.6 + 16 * 1.9, within(1e-9));
        assertThat(r0.energy().dense()).isCloseTo(128 * 9.6 + 16 * 1.9, within(1e-9));
        assertThat(report.toMarkdown()).contains("| total |");
        assertThat(report.toJson()).contains("\"macsEffective\" : 44");
    }
}
