package io.github.dl4jpruning.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.pruning.EnergyPruningCallback;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.stats.ActivationStatsListener;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class PrunedModelSerializerTest {

    @TempDir
    Path dir;

    private static EnergyPruningCallback iterativeCallback(ActivationStatsListener stats) {
        return EnergyPruningCallback.builder(PruningConfig.builder()
                .criterion(Criteria.magnitude())
                .build())
                .schedule(PruningSchedule.iterative(0, 2, 2, 0.75))
                .statistics(stats)
                .build();
    }

    private static MultiLayerNetwork trainedAndPruned(EnergyPruningCallback pruning, ActivationStatsListener stats) {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        net.addListeners(stats, pruning);
        net.fit(TinyNets.data(128, 32, 1), 2);
        return net;
    }

    private static void assertPrunedWeightsAreZero(MultiLayerNetwork net, PruneMasks masks) {
        for (String key : masks.keys()) {
            double[] v = Nd4j.toFlattened('c', net.getParam(key)).toDoubleVector();
            double[] m = masks.values(key);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0) {
                    assertThat(v[i]).as("%s[%d]", key, i).isZero();
                }
            }
        }
    }

    @Test
    void restoredModelContinuesTrainingWithMasksAndScheduleResumesAtTheSavedEpoch() throws IOException {
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = iterativeCallback(stats);
        MultiLayerNetwork net = trainedAndPruned(pruning, stats);
        assertThat(pruning.history()).hasSize(1);
        File file = dir.resolve("pruned.zip").toFile();

        PrunedModelSerializer.save(file, net, pruning, true);
        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file, true, true);

        assertThat(ModelSerializer.restoreMultiLayerNetwork(file).getLayerWiseConfigurations().getEpochCount())
                .as("DL4J itself keeps the epoch counter in configuration.json").isEqualTo(2);
        assertThat(r.network().params()).isEqualTo(net.params());
        assertThat(r.state().epochCount()).isEqualTo(2);
        assertThat(r.state().statistics()).isNotNull();
        assertThat(r.state().lastEvent().epoch()).isEqualTo(0);
        assertThat(r.state().lastEvent().target().value()).isEqualTo(0.5);

        ActivationStatsListener stats2 = ActivationStatsListener.builder().build();
        EnergyPruningCallback resumed = r.resume(iterativeCallback(stats2));
        r.network().addListeners(stats2, resumed);
        r.network().fit(TinyNets.data(128, 32, 1), 1);

        assertThat(resumed.history()).hasSize(2);
        assertThat(resumed.history().get(1).epoch()).isEqualTo(2);
        assertThat(resumed.history().get(1).target().value()).isEqualTo(0.75);
        assertThat(resumed.masks().contains(r.state().masks())).isTrue();
        assertThat(resumed.sparsity()).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.01));
        assertPrunedWeightsAreZero(r.network(), resumed.masks());
    }

    @Test
    void restoredMasksKeepPrunedWeightsZeroWhenNoFurtherPruningIsScheduled() throws IOException {
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = iterativeCallback(stats);
        MultiLayerNetwork net = trainedAndPruned(pruning, stats);
        File file = dir.resolve("pruned.zip").toFile();
        PrunedModelSerializer.save(file, net, pruning, true);

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
        EnergyPruningCallback hold = r.resume(EnergyPruningCallback.builder()
                .schedule(PruningSchedule.oneShot(99, 0.9)).build());
        r.network().addListeners(hold);
        r.network().fit(TinyNets.data(128, 32, 3), 2);

        assertThat(hold.history()).hasSize(1);
        assertPrunedWeightsAreZero(r.network(), r.state().masks());
    }

    @Test
    void theCallbackThatPrunedTheOriginalResumesOnTheRestoredCopy() throws IOException {
        ActivationStatsListener stats = ActivationStatsListener.builder().build();
        EnergyPruningCallback pruning = iterativeCallback(stats);
        MultiLayerNetwork original = trainedAndPruned(pruning, stats);
        File file = dir.resolve("pruned.zip").toFile();
        PrunedModelSerializer.save(file, original, pruning, true);

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);
        r.resume(pruning);
        r.network().addListeners(stats, pruning);
        r.network().fit(TinyNets.data(128, 32, 1), 1);

        assertPrunedWeightsAreZero(r.network(), pruning.masks());
        assertThat(pruning.sparsity()).isGreaterThan(0.3);
    }

    @Test
    void graphRoundTripsWithMasks() throws IOException {
        ComputationGraph g = TinyNets.graph(4);
        PruneMasks masks = new PruneMasks();
        double[] m = new double[8 * 16];
        Arrays.fill(m, 1);
        m[3] = 0;
        masks.put("dense_W", new long[] {8, 16}, m);
        File file = dir.resolve("graph.zip").toFile();

        PrunedModelSerializer.save(file, g, PruningState.ofMasks(masks, g), false);
        RestoredModel<ComputationGraph> r = PrunedModelSerializer.restoreComputationGraph(file);

        assertThat(r.state().masks().prunedCount("dense_W")).isEqualTo(1);
        assertThat(r.network().params()).isEqualTo(g.params());
    }

    @Test
    void modelSavedByPlainModelSerializerLoadsWithoutMasks() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        File file = dir.resolve("plain.zip").toFile();
        ModelSerializer.writeModel(net, file, true);

        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(file);

        assertThat(r.state().hasMasks()).isFalse();
        assertThat(r.state().history()).isEmpty();
        assertThat(r.network().params()).isEqualTo(net.params());
    }

    @Test
    void missingMasksAreAnErrorWhenRequiredAndTheFileIsUnchanged() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        File file = dir.resolve("nomasks.zip").toFile();
        PrunedModelSerializer.save(file, net, PruningState.ofMasks(null, net), false);
        byte[] before = Files.readAllBytes(file.toPath());

        assertThatThrownBy(() -> PrunedModelSerializer.restoreMultiLayerNetwork(file, false, true))
                .isInstanceOf(PrunedModelException.class)
                .hasMessageContaining("no prune masks").hasMessageContaining("dl4jpruning.masks")
                .hasMessageContaining(file.getName());
        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(before);
    }

    @Test
    void corruptMaskEntryIsReportedByKeyAndTheFileIsUnchanged() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        File plain = dir.resolve("plain.zip").toFile();
        ModelSerializer.writeModel(net, plain, false);
        File file = dir.resolve("corrupt.zip").toFile();
        copyWithExtraEntry(plain, file, "objects/" + StateEntries.MASKS, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1, 2});
        byte[] before = Files.readAllBytes(file.toPath());

        assertThatThrownBy(() -> PrunedModelSerializer.restoreMultiLayerNetwork(file))
                .isInstanceOf(PrunedModelException.class)
                .hasMessageContaining("dl4jpruning.masks").hasMessageContaining("corrupted");
        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(before);
    }

    @Test
    void maskWithWrongShapeNamesKeyExpectedAndFoundShapes() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        PruneMasks wrong = new PruneMasks();
        double[] m = new double[16 * 8];
        Arrays.fill(m, 1);
        wrong.put("0_W", new long[] {16, 8}, m);
        File file = writtenAroundSaveCheck(net, wrong, "wrong.zip");
        byte[] before = Files.readAllBytes(file.toPath());

        assertThatThrownBy(() -> PrunedModelSerializer.restoreMultiLayerNetwork(file))
                .isInstanceOf(PrunedModelException.class)
                .hasMessageContaining("'0_W'").hasMessageContaining("[16, 8]").hasMessageContaining("expected [8, 16]");
        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(before);
    }

    @Test
    void maskForUnknownParameterIsRejected() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        PruneMasks wrong = new PruneMasks();
        wrong.put("5_W", new long[] {2, 2}, new double[] {1, 0, 1, 1});
        File file = writtenAroundSaveCheck(net, wrong, "unknown.zip");

        assertThatThrownBy(() -> PrunedModelSerializer.restoreMultiLayerNetwork(file))
                .isInstanceOf(PrunedModelException.class)
                .hasMessageContaining("'5_W'").hasMessageContaining("0_W");
    }

    @Test
    void saveRefusesMasksOfAnotherArchitectureAndWritesNothing() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        PruneMasks ofGraph = new PruneMasks();
        double[] m = new double[8 * 16];
        Arrays.fill(m, 1);
        ofGraph.put("dense_W", new long[] {8, 16}, m);
        PruneMasks transposed = new PruneMasks();
        transposed.put("0_W", new long[] {16, 8}, m);
        File file = dir.resolve("other.zip").toFile();

        assertThatThrownBy(() -> PrunedModelSerializer.save(file, net, PruningState.ofMasks(ofGraph, net), false))
                .isInstanceOf(PrunedModelException.class)
                .hasMessageContaining("'dense_W'").hasMessageContaining("[0_W, 0_b, 1_W, 1_b]");
        assertThatThrownBy(() -> PrunedModelSerializer.save(file, net, PruningState.ofMasks(transposed, net), false))
                .isInstanceOf(PrunedModelException.class)
                .hasMessageContaining("'0_W'").hasMessageContaining("[16, 8]").hasMessageContaining("expected [8, 16]");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no model file and no temporary file").isEmpty();
        }
    }

    /** A file as an older version (or a hand-made zip) could hold: masks added without the save-time check. */
    private File writtenAroundSaveCheck(MultiLayerNetwork net, PruneMasks masks, String name) throws IOException {
        File file = dir.resolve(name).toFile();
        ModelSerializer.writeModel(net, file, false);
        ModelSerializer.addObjectToFile(file, StateEntries.MASKS, masks);
        return file;
    }

    @Test
    void truncatedZipIsReportedNamingTheFile() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        File file = dir.resolve("full.zip").toFile();
        PrunedModelSerializer.save(file, net, PruningState.ofMasks(new PruneMasks(), net), true);
        byte[] bytes = Files.readAllBytes(file.toPath());
        File truncated = dir.resolve("truncated.zip").toFile();
        Files.write(truncated.toPath(), Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> PrunedModelSerializer.restoreMultiLayerNetwork(truncated))
                .isInstanceOf(PrunedModelException.class)
                .hasMessageContaining("truncated.zip").hasMessageContaining("truncated or corrupted");
    }

    @Test
    void saveRefusesToReplaceAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 7);
        File file = dir.resolve("model.zip").toFile();
        Files.write(file.toPath(), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> PrunedModelSerializer.save(file, net, PruningState.ofMasks(null, net), true))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(file.toPath())).containsExactly(1, 2, 3);

        PrunedModelSerializer.save(file, net, PruningState.ofMasks(null, net), true, true);
        assertThat(PrunedModelSerializer.restoreMultiLayerNetwork(file).network().params()).isEqualTo(net.params());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("model.zip");
        }
    }

    private static void copyWithExtraEntry(File from, File to, String name, byte[] content) throws IOException {
        try (ZipFile in = new ZipFile(from); OutputStream os = Files.newOutputStream(to.toPath());
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : List.copyOf(in.stream().toList())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
            out.closeEntry();
        }
    }
}
