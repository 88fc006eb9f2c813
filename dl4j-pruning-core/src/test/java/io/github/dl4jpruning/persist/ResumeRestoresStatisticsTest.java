package io.github.dl4jpruning.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

class ResumeRestoresStatisticsTest {

    private static final PruningConfig CONFIG = PruningConfig.builder().criterion(Criteria.energyAware()).build();

    @Test
    void oneResumeCallRestoresMasksHistoryAndTheCallbacksOwnStatistics(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 11);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(CONFIG).collectStatistics(1)
                .schedule(PruningSchedule.oneShot(0, 0.5)).build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 1));
        File file = dir.resolve("model.zip").toFile();
        PrunedModelSerializer.save(file, net, pruning, true);

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
        EnergyPruningCallback resumed = r.resume(EnergyPruningCallback.builder(CONFIG).collectStatistics(1)
                .schedule(PruningSchedule.oneShot(0, 0.5)).build());

        assertThat(resumed.history()).hasSize(1);
        assertThat(resumed.masks().values("0_W")).containsExactly(pruning.masks().values("0_W"));
        assertThat(resumed.statistics().get("0").samples()).isEqualTo(pruning.statistics().get("0").samples())
                .isGreaterThan(0);
        assertThat(resumed.statistics().get("0").firingProbability())
                .containsExactly(pruning.statistics().get("0").firingProbability());
        assertThat(resumed.verify(r.network()).ok()).isTrue();
    }

    @Test
    void aCallbackThatReadsNoStatisticsGetsNone(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 11);
        EnergyPruningCallback pruning = EnergyPruningCallback.builder(CONFIG).collectStatistics(1)
                .schedule(PruningSchedule.oneShot(0, 0.5)).build();
        net.addListeners(pruning);
        net.fit(TinyNets.data(64, 16, 1));
        File file = dir.resolve("model.zip").toFile();
        PrunedModelSerializer.save(file, net, pruning, true);

        EnergyPruningCallback magnitude = PrunedModelSerializer.restoreMultiLayerNetwork(file)
                .resume(EnergyPruningCallback.builder().build());
        assertThat(magnitude.statistics()).isNull();
    }
}
