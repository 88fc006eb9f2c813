package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

class PrunedWeightsStayZeroTest {

    static Stream<Arguments> updaters() {
        return Stream.of(
                Arguments.of("sgd", new Sgd(0.1), 0.0, 0.0),
                Arguments.of("nesterov", new Nesterovs(0.05, 0.9), 0.0, 0.0),
                Arguments.of("adam", new Adam(1e-2), 0.0, 0.0),
                Arguments.of("rmsprop", new RmsProp(1e-2), 0.0, 0.0),
                Arguments.of("adam+l2", new Adam(1e-2), 1e-3, 0.0),
                Arguments.of("nesterov+weightDecay", new Nesterovs(0.05, 0.9), 0.0, 1e-3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void prunedWeightsAreExactlyZeroAfterFurtherTraining(String name, IUpdater updater, double l2, double wd) {
        MultiLayerNetwork net = TinyNets.mlp(updater, 7, l2, wd);
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude())
                .build())
                .schedule(PruningSchedule.oneShot(0, 0.6))
                .statistics(stats)
                .build();
        net.addListeners(stats, pruning);
        DataSetIterator data = TinyNets.data(256, 32, 1);

        net.fit(data, 4);

        assertThat(pruning.history()).hasSize(1);
        for (String key : new String[] {"0_W", "1_W"}) {
            INDArray w = net.getParam(key);
            double[] mask = pruning.masks().values(key, w.shape());
            double[] values = org.nd4j.linalg.factory.Nd4j.toFlattened('c', w).toDoubleVector();
            int pruned = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 0) {
                    pruned++;
                    assertThat(values[i]).as("%s[%d] after training with %s", key, i, name).isZero();
                }
            }
            assertThat(pruned).isEqualTo(Math.round(0.6 * mask.length));
        }
    }

    @Test
    void masksStillHoldAfterTheParametersAreReplaced() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder().build();
        pruning.pruneNow(net, 0.6);
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 32, 1));

        // Overwrite every parameter with dense non-zero values, through both setters, then train on.
        INDArray dense = Nd4j.rand(net.params().dataType(), net.params().shape()).addi(0.5);
        net.setParams(dense);
        net.setParam("1_W", Nd4j.rand(net.getParam("1_W").dataType(), net.getParam("1_W").shape()).addi(0.5));
        assertThat(net.getParam("0_W").minNumber().doubleValue()).as("the pruned zeros were overwritten").isPositive();
        net.fit(TinyNets.data(64, 32, 2));

        for (String key : new String[] {"0_W", "1_W"}) {
            INDArray w = net.getParam(key);
            double[] mask = pruning.masks().values(key, w.shape());
            double[] values = Nd4j.toFlattened('c', w).toDoubleVector();
            long zeroWherePruned = 0;
            long pruned = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 0) {
                    pruned++;
                    zeroWherePruned += values[i] == 0 ? 1 : 0;
                }
            }
            assertThat(pruned).isEqualTo(Math.round(0.6 * mask.length));
            assertThat(zeroWherePruned).as("%s: pruned weights that are exactly zero", key).isEqualTo(pruned);
        }
    }
}
