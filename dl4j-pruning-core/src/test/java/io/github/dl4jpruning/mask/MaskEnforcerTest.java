package io.github.dl4jpruning.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.BitSet;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link MaskEnforcer} on real networks: every pruned entry of a parameter or gradient becomes exactly {@code +0.0},
 * whatever it held (a multiply by 0 kept NaN and infinities, and gave {@code -0.0} for negative values), and every
 * kept entry is left as it was, for dense weights ({@code 'f'} order views of the flattened parameters), convolution
 * weights ({@code 'c'} order, rank 4) and for a mask that prunes so many entries that it is applied by a multiply.
 */
class MaskEnforcerTest {

    @Test
    void prunedDenseWeightsBecomePlusZeroAndKeptOnesStay() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        checkParams(net, "0_W", 0.5, 11);
        checkParams(net, "1_W", 0.3, 12);
    }

    @Test
    void prunedConvolutionWeightsBecomePlusZeroAndKeptOnesStay() {
        MultiLayerNetwork net = TinyNets.cnn(5);
        assertThat(net.getParam("0_W").rank()).isEqualTo(4);
        checkParams(net, "0_W", 0.5, 13);
    }

    @Test
    void prunedGradientEntriesBecomePlusZeroAndKeptOnesStay() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        DataSet batch = TinyNets.data(16, 16, 3).next();
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        INDArray g = net.gradient().gradientForVariable().get("0_W");
        PruneMasks masks = randomMask("0_W", g.shape(), 0.5, 14);
        poison(g, masks.pruned("0_W"));
        INDArray before = g.dup();

        MaskEnforcer.applyToGradients(net.gradient(), masks);

        assertMasked(g, before, masks.pruned("0_W"));
    }

    @Test
    void aMaskTooLargeForOffsetsIsAppliedByMultiplying() {
        long pruned = PrunedPositions.MAX_ENTRIES + 1;
        assertThat(PrunedPositions.cheaperThanMultiply(pruned, 2 * pruned)).isFalse();
        assertThat(PrunedPositions.cheaperThanMultiply(640, 1280)).isTrue();
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        INDArray p = net.getParam("0_W");
        PruneMasks masks = randomMask("0_W", p.shape(), 0.5, 15);
        INDArray before = p.dup();
        // Negative kept values and finite pruned ones: a multiply keeps the first and zeroes the second.
        MaskEnforcer.applyToParams(NetworkAdapter.of(net), masks);
        BitSet bits = masks.pruned("0_W");
        long cols = p.size(1);
        for (int i = 0; i < p.length(); i++) {
            double v = p.getDouble(i / cols, i % cols);
            assertThat(v).isEqualTo(bits.get(i) ? 0.0 : before.getDouble(i / cols, i % cols));
        }
    }

    @Test
    void aSpotCheckFindsAnyChangedPrunedEntryWithinItsRoundsAndWritesNothingOtherwise() {
        MultiLayerNetwork net = TinyNets.mlp(new Adam(1e-2), 3);
        INDArray p = net.getParam("0_W");
        PruneMasks masks = randomMask("0_W", p.shape(), 0.5, 16);
        ParamViews views = new ParamViews(NetworkAdapter.of(net));
        MaskEnforcer.applyToParams(views, masks);
        BitSet pruned = masks.pruned("0_W");
        int count = pruned.cardinality();
        int rounds = (count + 31) / 32;
        assertThat(rounds).isGreaterThan(1);
        for (int r = 0; r < rounds; r++) {
            assertThat(MaskEnforcer.repairParams(views, masks, r, 32)).as("clean, round %d", r).isZero();
        }
        // Each pruned entry in turn set to -0.0 (equal to 0, but not the +0.0 the masks write) or NaN: found
        // within one cycle of rounds, and the parameter written back to +0.0 there.
        long[] shape = p.shape();
        int k = 0;
        for (int i = pruned.nextSetBit(0); i >= 0; i = pruned.nextSetBit(i + 1), k++) {
            p.putScalar(i / shape[1], i % shape[1], k % 2 == 0 ? -0.0 : Double.NaN);
            int written = 0;
            for (int r = 0; r < rounds; r++) {
                written += MaskEnforcer.repairParams(views, masks, r, 32);
            }
            assertThat(written).as("pruned entry %d", i).isEqualTo(1);
            assertThat(Float.floatToRawIntBits(p.getFloat(i / shape[1], i % shape[1]))).isZero();
        }
    }

    private static void checkParams(Model net, String key, double sparsity, long seed) {
        INDArray p = net.getParam(key);
        PruneMasks masks = randomMask(key, p.shape(), sparsity, seed);
        poison(p, masks.pruned(key));
        INDArray before = p.dup();

        MaskEnforcer.applyToParams(NetworkAdapter.of(net), masks);

        assertMasked(net.getParam(key), before, masks.pruned(key));
    }

    private static PruneMasks randomMask(String key, long[] shape, double sparsity, long seed) {
        Random rnd = new Random(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        BitSet pruned = new BitSet();
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < sparsity) {
                pruned.set(i);
            }
        }
        PruneMasks masks = new PruneMasks();
        masks.putPruned(key, shape, pruned);
        return masks;
    }

    /** NaN, infinities and negative values at pruned entries (c-order indices), which a multiply by 0 keeps. */
    private static void poison(INDArray a, BitSet pruned) {
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.75};
        int k = 0;
        for (int i = pruned.nextSetBit(0); i >= 0; i = pruned.nextSetBit(i + 1)) {
            a.putScalar(unravel(a, i), bad[k++ % bad.length]);
        }
        assertThat(k).as("entries poisoned").isEqualTo(pruned.cardinality()).isPositive();
    }

    private static void assertMasked(INDArray after, INDArray before, BitSet pruned) {
        for (int i = 0; i < after.length(); i++) {
            long[] at = unravel(after, i);
            double v = after.getDouble(at);
            if (pruned.get(i)) {
                assertThat(Double.doubleToRawLongBits(v)).as("pruned entry %d is +0.0, was %s", i, v).isZero();
            } else {
                assertThat(v).as("kept entry %d", i).isEqualTo(before.getDouble(at));
            }
        }
    }

    /** The coordinates of c-order index {@code i}. */
    private static long[] unravel(INDArray a, long i) {
        long[] shape = a.shape();
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = i % shape[d];
            i /= shape[d];
        }
        return at;
    }
}
