package io.github.dl4jpruning.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class PruningCheckpointListenerTest {

    @TempDir
    Path dir;

    private static EnergyPruningCallback pruning() {
        return EnergyPruningCallback.builder(PruningConfig.builder().criterion(Criteria.magnitude()).build())
                .schedule(PruningSchedule.iterative(0, 2, 2, 0.75)).build();
    }

    private static long zerosWhereMasked(MultiLayerNetwork net, PruneMasks masks) {
        long zeros = 0;
        for (String key : masks.keys()) {
            double[] v = Nd4j.toFlattened('c', net.getParam(key)).toDoubleVector();
            double[] m = masks.values(key);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0 && v[i] == 0) {
                    zeros++;
                }
            }
        }
        return zeros;
    }

    private static long pruned(PruneMasks masks) {
        return masks.keys().stream().mapToLong(masks::prunedCount).sum();
    }

    @Test
    void checkpointsCarryMasksKeepTheLastKAndTrainingFromOneKeepsPrunedWeightsAtZero() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = pruning();
        File checkpoints = dir.resolve("checkpoints").toFile();
        PruningCheckpointListener listener = PruningCheckpointListener.builder(checkpoints, pruning)
                .saveEveryNEpochs(1).keepLast(2).build();
        net.addListeners(pruning, listener);
        net.fit(TinyNets.data(128, 32, 1), 3);

        List<File> kept = PruningCheckpointListener.checkpoints(checkpoints);
        assertThat(kept).extracting(File::getName)
                .containsExactly("pruned-checkpoint_2_epoch2_iter8.zip", "pruned-checkpoint_3_epoch3_iter12.zip");
        try (var files = Files.list(checkpoints.toPath())) {
            assertThat(files.count()).as("no temporary files").isEqualTo(2);
        }

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(
                PruningCheckpointListener.lastCheckpoint(checkpoints), true, true);
        assertThat(r.state().epochCount()).isEqualTo(3);
        assertThat(r.network().getLayerWiseConfigurations().getEpochCount()).isEqualTo(3);
        assertThat(r.state().history()).hasSize(2);
        assertThat(pruned(r.state().masks())).isEqualTo(pruned(pruning.masks())).isPositive();
        assertThat(r.network().params()).isEqualTo(net.params());

        EnergyPruningCallback resumed = r.resume(pruning());
        r.network().addListeners(resumed);
        r.network().fit(TinyNets.data(128, 32, 2), 2);
        assertThat(zerosWhereMasked(r.network(), r.state().masks())).isEqualTo(pruned(r.state().masks()));
        assertThat(resumed.history()).as("no schedule point repeated after resuming").hasSize(2);
    }

    @Test
    void iterationCheckpointsCountIterationsDone() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = pruning();
        File checkpoints = dir.resolve("it").toFile();
        net.addListeners(pruning, PruningCheckpointListener.builder(checkpoints, pruning)
                .saveEveryNEpochs(0).saveEveryNIterations(3).keepLast(10).build());
        net.fit(TinyNets.data(128, 32, 1), 2);

        assertThat(PruningCheckpointListener.checkpoints(checkpoints)).extracting(File::getName)
                .containsExactly("pruned-checkpoint_1_epoch0_iter3.zip", "pruned-checkpoint_2_epoch1_iter6.zip");
    }

    @Test
    void dl4jCheckpointListenersZipRestoresWithAWarningAndWithoutMasksAndStrictRestoreRefusesIt() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = pruning();
        File checkpoints = dir.resolve("dl4j").toFile();
        checkpoints.mkdirs();
        net.addListeners(pruning, new CheckpointListener.Builder(checkpoints).saveEveryEpoch().keepLast(1).build());
        net.fit(TinyNets.data(128, 32, 1), 1);
        assertThat(pruned(pruning.masks())).isPositive();
        File file = CheckpointListener.lastCheckpoint(checkpoints) == null ? null
                : new File(checkpoints, CheckpointListener.lastCheckpoint(checkpoints).getFilename());
        assertThat(file).isFile();
        byte[] before = Files.readAllBytes(file.toPath());

        String log = stderrOf(() -> {
            RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
            assertThat(r.state().hasMasks()).isFalse();
            assertThat(r.network().params()).isEqualTo(net.params());
        });
        assertThat(log).contains("WARN").contains(file.getName()).contains("has no prune masks")
                .contains("CheckpointListener").contains("requireMasks = true");

        assertThatThrownBy(() -> PrunedModelSerializer.restoreMultiLayerNetwork(file, true, true))
                .isInstanceOf(PrunedModelException.class).hasMessageContaining("has no prune masks");
        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(before);
    }

    @Test
    void masksRebuiltFromTheZerosOfADl4jCheckpointKeepThePrunedWeightsAtZero() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        EnergyPruningCallback pruning = pruning();
        File checkpoints = dir.resolve("dl4j").toFile();
        checkpoints.mkdirs();
        net.addListeners(pruning, new CheckpointListener.Builder(checkpoints).saveEveryEpoch().build());
        net.fit(TinyNets.data(128, 32, 1), 1);
        File file = new File(checkpoints, CheckpointListener.lastCheckpoint(checkpoints).getFilename());

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
        PruneMasks rebuilt = r.masksFromZeros();

        assertThat(rebuilt.keys()).containsExactlyInAnyOrderElementsOf(pruning.masks().keys());
        assertThat(rebuilt.contains(pruning.masks())).as("every pruned weight is in the rebuilt masks").isTrue();
        EnergyPruningCallback resumed = pruning();
        resumed.setMasks(rebuilt);
        r.network().addListeners(resumed);
        r.network().fit(TinyNets.data(128, 32, 2), 1);
        assertThat(zerosWhereMasked(r.network(), rebuilt)).isEqualTo(pruned(rebuilt)).isPositive();
    }

    @Test
    void builderRejectsBadArgumentsNamingThem() {
        EnergyPruningCallback pruning = pruning();
        assertThatThrownBy(() -> PruningCheckpointListener.builder(dir.toFile(), pruning).keepLast(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepLast").hasMessageContaining("0");
        assertThatThrownBy(() -> PruningCheckpointListener.builder(dir.toFile(), pruning).saveEveryNEpochs(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> PruningCheckpointListener.builder(null, pruning))
                .isInstanceOf(IllegalArgumentException.class);
    }

    interface IoAction {
        void run() throws IOException;
    }

    /** What SLF4J's simple binding (used by the tests) writes to standard error while {@code action} runs. */
    private static String stderrOf(IoAction action) throws IOException {
        PrintStream old = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(old);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
