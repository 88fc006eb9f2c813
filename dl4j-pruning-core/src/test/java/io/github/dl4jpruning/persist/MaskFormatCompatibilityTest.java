package io.github.dl4jpruning.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.mask.MaskVerification;
import io.github.dl4jpruning.mask.PruneMasks;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Zips written before the bitset masks (format 1: a 0/1 {@code double[]} per parameter, see {@link LegacyMaskFiles})
 * still restore with the same masks, and saving them again writes format 2 at about one bit per weight.
 */
class MaskFormatCompatibilityTest {

    @TempDir
    Path dir;

    @Test
    void aFormat1MultiLayerNetworkZipRestoresWithTheMasksItWasSavedWith() throws Exception {
        File legacy = LegacyMaskFiles.copy("masks-format1-mlp.zip", dir);
        RestoredModel<MultiLayerNetwork> r = PrunedModelSerializer.restoreMultiLayerNetwork(legacy, true, true);

        assertMasksAreTheZeroWeights(r.network(), r.state().masks());
        assertThat(r.state().masks().weightSparsity()).as("magnitude pruning to 50%").isBetween(0.45, 0.55);
        resaveAsFormat2(r.network(), r.state(), legacy, false);
    }

    @Test
    void aFormat1ComputationGraphZipRestoresWithTheMasksItWasSavedWith() throws Exception {
        File legacy = LegacyMaskFiles.copy("masks-format1-graph.zip", dir);
        RestoredModel<ComputationGraph> r = PrunedModelSerializer.restoreComputationGraph(legacy, true, true);

        assertThat(r.state().masks().keys()).contains("dense_W", "out_W");
        assertThat(MaskVerification.of(r.network(), r.state().masks()).ok()).isTrue();
        assertThat(r.state().masks().weightSparsity()).isGreaterThan(0.2);
        resaveAsFormat2(r.network(), r.state(), legacy, true);
    }

    /** The network's weights are untrained Xavier draws (never exactly 0): the pruned weights are its zeros. */
    private static void assertMasksAreTheZeroWeights(Model net, PruneMasks masks) {
        assertThat(masks.keys()).contains("0_W", "1_W");
        for (String key : masks.keys()) {
            double[] m = masks.values(key);
            double[] w = net.paramTable().get(key).dup('c').ravel().toDoubleVector();
            for (int i = 0; i < m.length; i++) {
                assertThat(m[i] == 0).as("%s[%d] pruned iff zero", key, i).isEqualTo(w[i] == 0);
            }
        }
    }

    private void resaveAsFormat2(Model net, PruningState state, File legacy, boolean graph) throws Exception {
        File again = dir.resolve("again.zip").toFile();
        PrunedModelSerializer.save(again, net, state, true);
        byte[] oldEntry = ZipFiles.entries(legacy).get("objects/" + StateEntries.MASKS);
        byte[] newEntry = ZipFiles.entries(again).get("objects/" + StateEntries.MASKS);
        assertThat(LegacyMaskFiles.arrayLengthOffset(oldEntry, 'D')).as("format 1 holds double[]").isPositive();
        assertThat(ZipFiles.indexOf(newEntry, new byte[] {0, 2, '[', 'D'})).as("format 2 holds no double[]")
                .isNegative();
        assertThat(newEntry.length).isLessThan(oldEntry.length);

        PruneMasks back = (graph ? PrunedModelSerializer.restoreComputationGraph(again, true, true).state()
                : PrunedModelSerializer.restoreMultiLayerNetwork(again, true, true).state()).masks();
        assertThat(back.keys()).containsExactlyElementsOf(state.masks().keys());
        for (String key : back.keys()) {
            assertThat(back.values(key)).as(key).containsExactly(state.masks().values(key));
            assertThat(back.shape(key)).isEqualTo(state.masks().shape(key));
        }
        INDArray any = net.params();
        assertThat(any.length()).isPositive();
    }
}
