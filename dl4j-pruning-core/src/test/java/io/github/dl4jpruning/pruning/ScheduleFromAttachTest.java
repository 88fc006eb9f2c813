package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.testutil.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class ScheduleFromAttachTest {

    /** A network trained elsewhere for 2 epochs: DL4J's epoch counter is 2 when the callback is attached. */
    private static MultiLayerNetwork trainedElsewhere() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 5);
        net.fit(TinyNets.data(64, 16, 1), 2);
        assertThat(net.getEpochCount()).isEqualTo(2);
        return net;
    }

    @Test
    void aScheduleCountedFromAttachPrunesAtTheEndOfTheFirstEpochTrainedWithTheCallback() {
        MultiLayerNetwork net = trainedElsewhere();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .scheduleFromAttach().schedule(PruningSchedule.oneShot(0, 0.5)).build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 1));
        assertThat(pruning.history()).hasSize(1);
        assertThat(pruning.history().get(0).epoch()).as("DL4J's counter").isEqualTo(2);
        assertThat(pruning.sparsity()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.01));
        net.fit(TinyNets.data(64, 16, 1));
        assertThat(pruning.history()).as("one-shot: no second step").hasSize(1);
    }

    @Test
    void theSameScheduleOnDl4jsCountersNeverPrunesThatNetwork() {
        MultiLayerNetwork net = trainedElsewhere();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .schedule(PruningSchedule.oneShot(0, 0.5)).build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 1));
        assertThat(pruning.history()).isEmpty();
        assertThat(ScheduleCheck.exhausted(PruningSchedule.oneShot(0, 0.5), 2, 8))
                .as("the warning names the way out").hasValueSatisfying(w -> assertThat(w).contains(".scheduleFromAttach()"));
    }

    @Test
    void theOriginStaysWhenTheCallbackIsMovedToACopy() {
        MultiLayerNetwork net = trainedElsewhere();
        EnergyPruningCallback pruning = EnergyPruningCallback.builder()
                .scheduleFromAttach().schedule(PruningSchedule.oneShot(1, 0.5)).build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 1));                  // epoch 2 = relative epoch 0: no step
        MultiLayerNetwork copy = net.clone();
        copy.setListeners(pruning);
        pruning.bindTo(copy);
        copy.fit(TinyNets.data(64, 16, 1));                 // epoch 3 = relative epoch 1: the step
        assertThat(pruning.history()).hasSize(1);
        assertThat(pruning.history().get(0).epoch()).isEqualTo(3);
    }
}
