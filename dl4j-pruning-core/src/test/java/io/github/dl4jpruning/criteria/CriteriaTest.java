package io.github.dl4jpruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.LayerKind;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.NeuronStats;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

class CriteriaTest {

    /** A dense 3-2 layer: W [3, 2], c-order flat index i * 2 + o. */
    static final PrunableLayer DENSE = new PrunableLayer("0", LayerKind.DENSE, "0_W", "0_b", "input", "0", 3, 2,
            new long[] {3, 2}, 1);
    static final double[] W = {0.5, -0.1, -0.3, 0.2, 0.05, -0.4};

    /** Input i fired in fired[i] of 10 examples, with |a| = amp[i] when it fired. */
    static NeuronStats stats(double[] fired, double[] amp) {
        NeuronStats s = new NeuronStats(new long[] {fired.length});
        double[] abs = new double[fired.length];
        double[] sq = new double[fired.length];
        for (int i = 0; i < fired.length; i++) {
            abs[i] = fired[i] * amp[i];
            sq[i] = fired[i] * amp[i] * amp[i];
        }
        s.add(10, fired, abs, sq);
        return s;
    }

    static ScoringContext ctx(NeuronStats in, long seed) {
        return ScoringContext.of(DENSE, W.clone(), in, HardwareEnergyModel.defaults(), seed);
    }

    @Test
    void magnitudeScoresAbsoluteWeights() {
        assertThat(Criteria.magnitude().importance(ctx(null, 1)))
                .containsExactly(new double[] {0.5, 0.1, 0.3, 0.2, 0.05, 0.4}, within(1e-15));
        assertThat(Criteria.magnitude().needsActivationStats()).isFalse();
    }

    @Test
    void activationWeightedScoresWeightTimesInputRms() {
        NeuronStats in = stats(new double[] {10, 5, 0}, new double[] {2, 1, 1});
        // rms: input 0 = 2, input 1 = sqrt(5/10), input 2 = 0
        double r1 = Math.sqrt(0.5);
        assertThat(Criteria.activationWeighted().importance(ctx(in, 1)))
                .containsExactly(new double[] {1.0, 0.2, 0.3 * r1, 0.2 * r1, 0, 0}, within(1e-12));
        assertThatThrownBy(() -> Criteria.activationWeighted().importance(ctx(null, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("activation-weighted")
                .hasMessageContaining("'0'");
    }

    @Test
    void seedEnergyRanksByWeightTimesFiringProbabilityInTheChosenDirection() {
        NeuronStats in = stats(new double[] {10, 5, 2}, new double[] {1, 1, 1});
        double[] e = {0.5, 0.1, 0.15, 0.1, 0.01, 0.08};
        assertThat(Criteria.seedEnergy().importance(ctx(in, 1))).containsExactly(e, within(1e-12));
        double[] neg = Criteria.byName("seed-energy-highest").importance(ctx(in, 1));
        for (int i = 0; i < e.length; i++) {
            assertThat(neg[i]).isCloseTo(-e[i], within(1e-12));
        }
        assertThatThrownBy(() -> Criteria.seedEnergy(null)).hasMessageContaining("null");
        assertThatThrownBy(() -> Criteria.seedEnergy().importance(ctx(null, 1))).hasMessageContaining("seed-energy");
    }

    @Test
    void randomIsSeededDeterministicAndUniform() {
        double[] a = Criteria.random().importance(ctx(null, 42));
        double[] b = Criteria.random().importance(ctx(null, 42));
        double[] c = Criteria.random().importance(ctx(null, 43));
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        for (double x : a) {
            assertThat(x).isGreaterThanOrEqualTo(0).isLessThan(1);
        }
    }

    @Test
    void randomPrunerGivesTheSameMasksForTheSameSeed() {
        PruneMasks m1 = new Pruner(PruningConfig.builder().criterion(Criteria.random()).seed(9).build())
                .prune(NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 1)), new PruneMasks(), Signals.none(),
                        Target.sparsity(0.5)).masks();
        PruneMasks m2 = new Pruner(PruningConfig.builder().criterion(Criteria.random()).seed(9).build())
                .prune(NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 2)), new PruneMasks(), Signals.none(),
                        Target.sparsity(0.5)).masks();
        PruneMasks m3 = new Pruner(PruningConfig.builder().criterion(Criteria.random()).seed(10).build())
                .prune(NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 1)), new PruneMasks(), Signals.none(),
                        Target.sparsity(0.5)).masks();
        assertThat(m1.values("0_W")).as("independent of the weights").containsExactly(m2.values("0_W"));
        assertThat(m1.values("0_W")).isNotEqualTo(m3.values("0_W"));
    }

    @Test
    void energyAwarePrefersPruningWeightsFromRarelyFiringInputsAtEqualMagnitude() {
        // Two inputs, same |w| and same amplitude when firing; input 0 fires in 1 of 10 examples, input 1 in 9.
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        net.setParam("0_W", Nd4j.create(new double[][] {{0.5}, {-0.5}}).castTo(net.getParam("0_W").dataType()));
        ActivationStats stats = new ActivationStats(0);
        INDArray a = Nd4j.zeros(10, 2);
        a.putScalar(0, 0, 1.0);
        for (int r = 0; r < 9; r++) {
            a.putScalar(r, 1, 1.0);
        }
        stats.record("input", a);
        PrunableLayer layer = NetworkAdapter.of(net).layers().get(0);
        ScoringContext c = ScoringContext.of(layer, new double[] {0.5, -0.5}, stats.inputOf(layer),
                HardwareEnergyModel.defaults(), 1);
        double[] s = Criteria.energyAware().importance(c);
        // |w| rms / (4.6 p + 5): rms = sqrt(p)
        assertThat(s[0]).isCloseTo(0.5 * Math.sqrt(0.1) / (4.6 * 0.1 + 5), within(1e-9));
        assertThat(s[1]).isCloseTo(0.5 * Math.sqrt(0.9) / (4.6 * 0.9 + 5), within(1e-9));
        assertThat(s[0]).isLessThan(s[1]);

        PruneMasks m = new Pruner(PruningConfig.builder().criterion(Criteria.energyAware()).build())
                .prune(NetworkAdapter.of(net), new PruneMasks(), Signals.of(stats), Target.sparsity(0.5)).masks();
        assertThat(m.values("0_W")).containsExactly(0, 1);
    }

    @Test
    void byNameReturnsEachBuiltInAndRejectsUnknownNames() {
        for (String name : List.of("magnitude", "activation-weighted", "seed-energy", "seed-energy-highest", "taylor",
                "random", "energy-aware")) {
            assertThat(Criteria.byName(name).name()).isEqualTo(name);
        }
        assertThat(Criteria.byName("taylor").needsGradients()).isTrue();
        assertThat(Criteria.byName("energy-aware").needsActivationStats()).isTrue();
        assertThatThrownBy(() -> Criteria.byName("l1-norm")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'l1-norm'").hasMessageContaining("magnitude");
    }

    @Test
    void taylorPrunesTheLowestAccumulatedWeightTimesGradientDuringFit() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        Map<String, INDArray> acc = new HashMap<>();
        // Accumulates |w * g| exactly as the callback does, before it (listeners run in order).
        BaseTrainingListener mirror = new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                for (String k : new String[] {"0_W", "1_W"}) {
                    INDArray g = model.gradient().gradientForVariable().get(k);
                    INDArray score = Transforms.abs(model.getParam(k).mul(g), false).detach();
                    acc.merge(k, score.dup('c'), INDArray::addi);
                }
            }
        };
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.taylor()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5)).build();
        net.addListeners(mirror, pruning);
        net.fit(TinyNets.data(64, 16, 2));

        PruneMasks masks = pruning.masks();
        for (String k : new String[] {"0_W", "1_W"}) {
            double[] score = Nd4j.toFlattened('c', acc.get(k)).toDoubleVector();
            double[] m = masks.values(k);
            double maxPruned = Double.NEGATIVE_INFINITY;
            double minAlive = Double.POSITIVE_INFINITY;
            int pruned = 0;
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0) {
                    pruned++;
                    maxPruned = Math.max(maxPruned, score[i]);
                } else {
                    minAlive = Math.min(minAlive, score[i]);
                }
            }
            assertThat(pruned).isEqualTo(Math.round(0.5 * m.length));
            assertThat(maxPruned).as("%s: every pruned |w g| <= every kept one", k).isLessThanOrEqualTo(minAlive);
            assertThat(minAlive).isGreaterThan(0);
        }
    }

    @Test
    void perWeightGivesEachWeightItsInputsValueInDenseAndConvolutionLayers() {
        for (Model model : new Model[] {TinyNets.mlp(new Adam(1e-2), 1), TinyNets.cnn(1)}) {
            NetworkAdapter net = NetworkAdapter.of(model);
            for (PrunableLayer l : net.layers()) {
                int weights = (int) net.param(l.weightKey()).length();
                int inputs = l.kind().isFullyConnected() ? (int) l.nIn() : (int) net.param(l.weightKey()).size(1);
                double[] perInput = new double[inputs];
                for (int i = 0; i < inputs; i++) {
                    perInput[i] = 0.5 + i;
                }
                ScoringContext ctx = ScoringContext.of(l, new double[weights], null, HardwareEnergyModel.defaults(), 1);
                double[] out = ctx.perWeight(perInput);
                assertThat(out).hasSize(weights);
                for (int i = 0; i < weights; i++) {
                    assertThat(out[i]).as("%s weight %d", l.name(), i).isEqualTo(perInput[l.inputIndexOf(i)]);
                }
            }
        }
    }

    @Test
    void energyAwareDoesNotDivideInsideTheContextsOwnArrays() {
        double[] w = {0.5, 0.1, 0.3, 0.2, 0.05, 0.4};
        double[] costs = {2, 4, 8, 16, 32, 64};
        ScoringContext c = new ScoringContext(DENSE, w.clone(), null, HardwareEnergyModel.defaults(), costs.clone(),
                null, 1);
        for (boolean returnsCosts : new boolean[] {false, true}) {
            PruningCriterion sameArray = new PruningCriterion() {
                @Override
                public String name() {
                    return "hands back the context's array";
                }

                @Override
                public java.util.Set<Signal> signals() {
                    return java.util.Set.of(Signal.COSTS);
                }

                @Override
                public double[] importance(ScoringContext ctx) {
                    return returnsCosts ? ctx.requireCosts() : ctx.weights();
                }

                @Override
                public boolean leavesContextUnchanged() {
                    return true;
                }
            };

            double[] importance = Criteria.energyAware(sameArray).importance(c);

            assertThat(c.weights()).as("weights").containsExactly(w);
            assertThat(c.costs()).as("costs").containsExactly(costs);
            assertThat(importance[1]).isEqualTo(returnsCosts ? 1.0 : 0.1 / 4);
        }
    }
}
