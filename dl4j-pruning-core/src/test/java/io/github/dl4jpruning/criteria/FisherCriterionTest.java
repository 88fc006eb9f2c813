package io.github.dl4jpruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class FisherCriterionTest {

    @Test
    void prunesTheLowestSquaredWeightTimesGradientSummedOverTheIterations() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        Map<String, INDArray> acc = new HashMap<>();
        // Sums (w * g)^2 independently of the criterion, before the callback sees the gradient (listeners run in order).
        BaseTrainingListener mirror = new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                for (String k : new String[] {"0_W", "1_W"}) {
                    INDArray wg = model.getParam(k).mul(model.gradient().gradientForVariable().get(k)).detach();
                    acc.merge(k, wg.mul(wg).dup('c'), INDArray::addi);
                }
            }
        };
        EnergyPruningCallback pruning = EnergyPruningCallback
                .builder(PruningConfig.builder().criterion(Criteria.byName("fisher")).build())
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
            assertThat(maxPruned).as("%s: every pruned (w g)^2 <= every kept one", k).isLessThanOrEqualTo(minAlive);
            assertThat(minAlive).isGreaterThan(0);
        }
    }

    @Test
    void declaresGradientsAndRefusesAStepWithoutThem() {
        PruningCriterion fisher = Criteria.byName("fisher");
        assertThat(fisher.signals()).containsExactly(Signal.GRADIENTS);
        assertThat(fisher.collector()).isNotNull();
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        assertThatThrownBy(() -> new Pruner(PruningConfig.builder().criterion(fisher).build())
                .prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(0.5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'fisher'");
    }
}
