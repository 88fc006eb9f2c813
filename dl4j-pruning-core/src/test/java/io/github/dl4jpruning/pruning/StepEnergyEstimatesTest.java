package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.criteria.ScoringContext;
import io.github.dl4jpruning.criteria.Signal;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.stats.ActivationStats;
import io.github.dl4jpruning.stats.Calibration;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A step reads each parameter once and derives its energy estimate after the step from that copy and the masks: the
 * figures must stay those of a report of the network itself, before and after, bit for bit.
 */
class StepEnergyEstimatesTest {

    private static final HardwareEnergyModel MODEL = HardwareEnergyModel.defaults();

    @Test
    void theEstimatesBeforeAndAfterAreThoseOfReportsOfTheNetworkBitForBit() {
        for (Target target : new Target[] {Target.sparsity(0.6), Target.energyReduction(0.4)}) {
            for (PruningCriterion c : new PruningCriterion[] {Criteria.magnitude(), Criteria.energyAware()}) {
                MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
                ActivationStats stats = Calibration.run(net, TinyNets.data(64, 32, 1), 2, 0);
                // Masks from an earlier step that were never applied to these weights: the step zeroes them too.
                PruneMasks current = new PruneMasks();
                BitSet earlier = new BitSet();
                earlier.set(3);
                earlier.set(40, 47);
                current.putPruned("0_W", new long[] {8, 16}, earlier);
                double before = PruningReport.of(net, stats, MODEL).total().pruned();

                PruningEvent e = new Pruner(PruningConfig.builder().criterion(c).energyModel(MODEL)
                        .scope(Scope.GLOBAL).build()).prune(NetworkAdapter.of(net), current, Signals.of(stats), target)
                        .event();

                String what = c.name() + ", " + target;
                assertThat(e.energyBefore()).as(what).isEqualTo(before);
                assertThat(e.energyAfter()).as(what).isEqualTo(PruningReport.of(net, stats, MODEL).total().pruned())
                        .isLessThan(before);
                assertThat(net.getParam("0_W").getDouble(0, 3)).as(what).isZero();
            }
        }
    }

    @Test
    void aCriterionThatMayChangeItsContextGetsCopiesSoTheEstimatesAndSelectionSeeTheRealValues() {
        MultiLayerNetwork scrambled = TinyNets.mlp(new Adam(1e-2), 11);
        MultiLayerNetwork plain = TinyNets.mlp(new Adam(1e-2), 11);
        ActivationStats stats = Calibration.run(scrambled, TinyNets.data(64, 32, 1), 2, 0);
        double before = PruningReport.of(scrambled, stats, MODEL).total().pruned();

        Pruner.Result r = pruner(magnitudeThen(true)).prune(NetworkAdapter.of(scrambled), new PruneMasks(),
                Signals.of(stats), Target.energyReduction(0.3));
        Pruner.Result expected = pruner(magnitudeThen(false)).prune(NetworkAdapter.of(plain), new PruneMasks(),
                Signals.of(stats), Target.energyReduction(0.3));

        assertThat(r.event().energyBefore()).isEqualTo(before);
        assertThat(r.event().energyAfter()).isEqualTo(PruningReport.of(scrambled, stats, MODEL).total().pruned());
        assertThat(r.masks().pruned("0_W")).as("selection priced the weights with the model's costs")
                .isEqualTo(expected.masks().pruned("0_W"));
        assertThat(r.masks().pruned("1_W")).isEqualTo(expected.masks().pruned("1_W"));
    }

    @Test
    void theBuiltInCriteriaSayTheyLeaveTheirContextUnchangedAndEnergyAwareAsksItsSaliency() {
        for (String name : Criteria.names()) {
            assertThat(Criteria.byName(name).leavesContextUnchanged()).as(name).isTrue();
        }
        assertThat(Criteria.energyAware(magnitudeThen(true)).leavesContextUnchanged()).isFalse();
        assertThat(magnitudeThen(true).leavesContextUnchanged()).as("the safe default").isFalse();
    }

    @Test
    void applyingMasksToTheCopiesWritesPositiveZeroWhereAMaskPrunesAndNothingElse() {
        double[] v = new double[70];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 2 == 0 ? -1 : 1) * (i + 0.5);
        }
        double[] expected = v.clone();
        BitSet pruned = new BitSet();
        pruned.set(0);
        pruned.set(5);
        pruned.set(63, 66);
        pruned.stream().forEach(i -> expected[i] = 0.0);

        ParamReads.zero(v, pruned);

        for (int i = 0; i < v.length; i++) {
            assertThat(Double.doubleToRawLongBits(v[i])).as("entry %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
        assertThat(Arrays.stream(v, 66, 70)).as("past the last set bit").containsExactly(-66.5, 67.5, -68.5, 69.5);
    }

    private static Pruner pruner(PruningCriterion c) {
        return new Pruner(PruningConfig.builder().criterion(c).energyModel(MODEL).scope(Scope.GLOBAL).build());
    }

    /** |w|, and then (if asked) zeroes the weights and costs it was given, as a careless criterion might. */
    private static PruningCriterion magnitudeThen(boolean scramble) {
        return new PruningCriterion() {
            @Override
            public String name() {
                return "careless";
            }

            @Override
            public Set<Signal> signals() {
                return Set.of(Signal.COSTS);
            }

            @Override
            public double[] importance(ScoringContext ctx) {
                double[] w = ctx.weights();
                double[] s = new double[w.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = Math.abs(w[i]);
                }
                if (scramble) {
                    Arrays.fill(w, 0);
                    Arrays.fill(ctx.requireCosts(), 0);
                }
                return s;
            }
        };
    }
}
