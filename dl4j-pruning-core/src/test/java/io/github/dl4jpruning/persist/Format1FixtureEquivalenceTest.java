package io.github.dl4jpruning.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.mask.PruneMasks;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-off check that the generated format-1 zips equal the committed fixtures written by 5f9514c's code. */
class Format1FixtureEquivalenceTest {

    @TempDir
    Path dir;

    @Test
    void mlp() throws Exception {
        compare("masks-format1-mlp.zip", LegacyMaskFiles.mlp(Files.createDirectory(dir.resolve("gen"))), false);
    }

    @Test
    void graph() throws Exception {
        compare("masks-format1-graph.zip", LegacyMaskFiles.graph(Files.createDirectory(dir.resolve("gen"))), true);
    }

    private void compare(String name, File generated, boolean graph) throws Exception {
        Path fixture = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, fixture);
        }
        Map<String, byte[]> a = ZipFiles.entries(fixture.toFile());
        Map<String, byte[]> b = ZipFiles.entries(generated);
        System.out.println("EQUIV " + name + " entries fixture=" + a.keySet() + " generated=" + b.keySet());
        for (String k : a.keySet()) {
            System.out.println("EQUIV " + name + " " + k + " sizes " + a.get(k).length + "/"
                    + (b.get(k) == null ? -1 : b.get(k).length) + " equal=" + Arrays.equals(a.get(k), b.get(k)));
        }
        System.out.println("EQUIV " + name + " file sizes " + Files.size(fixture) + "/" + generated.length()
                + " whole file equal=" + Arrays.equals(Files.readAllBytes(fixture), Files.readAllBytes(generated.toPath())));
        PruneMasks x = (graph ? PrunedModelSerializer.restoreComputationGraph(fixture.toFile(), true, true).state()
                : PrunedModelSerializer.restoreMultiLayerNetwork(fixture.toFile(), true, true).state()).masks();
        PruneMasks y = (graph ? PrunedModelSerializer.restoreComputationGraph(generated, true, true).state()
                : PrunedModelSerializer.restoreMultiLayerNetwork(generated, true, true).state()).masks();
        assertThat(y.keys()).containsExactlyElementsOf(x.keys());
        for (String k : x.keys()) {
            assertThat(y.values(k)).as(k).containsExactly(x.values(k));
            assertThat(y.shape(k)).as(k).containsExactly(x.shape(k));
        }
        System.out.println("EQUIV " + name + " restored masks equal: " + x.keys() + " sparsity " + x.weightSparsity());
        assertThat(b.get("objects/dl4jpruning.masks")).as("masks entry bytes").isEqualTo(a.get("objects/dl4jpruning.masks"));
    }
}
