package io.github.dl4jpruning.sparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class SparseExportTest {

    @TempDir
    Path dir;

    @Property(tries = 50)
    void csrRoundTripRestoresEveryValue(@ForAll @IntRange(min = 0, max = 12) int rows,
                                        @ForAll @IntRange(min = 0, max = 12) int cols, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] dense = new float[rows * cols];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = rnd.nextDouble() < 0.7 ? 0 : (float) rnd.nextGaussian();
        }
        CsrMatrix m = CsrMatrix.fromDense(dense, rows, cols);
        assertThat(m.toDense()).containsExactly(dense);
        assertThat(m.rowPointers()).hasSize(rows + 1);
    }

    @Test
    void csrOfASmallMatrixHasTheTextbookArrays() {
        CsrMatrix m = CsrMatrix.fromDense(new float[] {0, 2, 0, 3, 0, 4}, 2, 3);

        assertThat(m.values()).containsExactly(2, 3, 4);
        assertThat(m.columnIndices()).containsExactly(1, 0, 2);
        assertThat(m.rowPointers()).containsExactly(0, 1, 3);
    }

    private static MultiLayerNetwork prunedMlp(double sparsity) {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 11);
        new Pruner(PruningConfig.defaults()).prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(sparsity));
        return net;
    }

    private static void assertRoundTrip(Model net, List<SparseLayer> read) {
        assertThat(read).hasSize(NetworkAdapter.of(net).layers().size());
        for (SparseLayer l : read) {
            assertThat(l.denseWeights().shape()).containsExactly(net.paramTable().get(l.weightKey()).shape());
            // Masking a negative weight leaves -0.0, which CSR stores as an absent (0.0) entry: equal values.
            assertThat(positiveZeros(Nd4j.toFlattened('c', l.denseWeights()).toFloatVector()))
                    .containsExactly(positiveZeros(Nd4j.toFlattened('c', net.paramTable().get(l.weightKey()))
                            .toFloatVector()));
            String biasKey = l.weightKey().replace("_W", "_b");
            assertThat(l.bias()).containsExactly(Nd4j.toFlattened('c', net.paramTable().get(biasKey)).toFloatVector());
        }
    }

    private static float[] positiveZeros(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] + 0.0f;
        }
        return out;
    }

    @Test
    void fileRoundTripReconstructsDenseWeightsAndSizesAreConsistent() throws IOException {
        MultiLayerNetwork net = prunedMlp(0.9);
        File file = dir.resolve("mlp.csr").toFile();

        SizeReport size = SparseExport.write(net, file);
        List<SparseLayer> read = SparseExport.read(file);

        assertRoundTrip(net, read);
        long params = 8 * 16 + 16 + 16 * 3 + 3;
        assertThat(size.weights()).isEqualTo(params);
        assertThat(size.denseBytes()).isEqualTo(4 * params);
        assertThat(size.sparseBytes()).isEqualTo(Files.size(file.toPath()));
        long nnz = read.stream().mapToLong(l -> l.weights().nonZeros()).sum();
        assertThat(size.nonZeroWeights()).isEqualTo(nnz).isEqualTo(Math.round(0.1 * 128) + Math.round(0.1 * 48));
        long expected = 7 + 4 + 4;
        for (SparseLayer l : read) {
            expected += 2 + l.name().length() + 2 + l.kind().name().length() + 2 + l.weightKey().length()
                    + 4 + 8L * l.weightShape().length + 12 + l.weights().payloadBytes() + 4 + 4L * l.bias().length;
        }
        assertThat(size.sparseBytes()).isEqualTo(expected).isLessThan(size.denseBytes());
        assertThat(size.sparseGzipBytes()).isPositive();
        assertThat(size.sparseRatio()).isGreaterThan(1);
    }

    @Test
    void convolutionWeightsRoundTripAsOutputsByFlattenedKernels() throws IOException {
        MultiLayerNetwork net = TinyNets.cnn(5);
        new Pruner(PruningConfig.defaults()).prune(NetworkAdapter.of(net, InputType.convolutional(8, 8, 1)), new PruneMasks(), Signals.none(), Target.sparsity(0.5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SizeReport size = SparseExport.write(net, out);
        List<SparseLayer> read = SparseExport.read(new ByteArrayInputStream(out.toByteArray()));

        assertRoundTrip(net, read);
        assertThat(read.get(0).weights().rows()).isEqualTo(4);
        assertThat(read.get(0).weights().cols()).isEqualTo(1 * 3 * 3);
        assertThat(size.sparseBytes()).isEqualTo(out.size());
    }

    @Test
    void truncatedExportIsAnError() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SparseExport.write(prunedMlp(0.5), out);
        byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() - 10);

        assertThatThrownBy(() -> SparseExport.read(new ByteArrayInputStream(cut)))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }
}
