package io.github.dl4jpruning.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link PrunedPositions}, the one list of pruned offsets the callback (gradients, parameters) and the pruning step
 * (parameters, updater state) write through: for each shape and order, the offsets are exactly the buffer positions
 * of the pruned entries (checked through ND4J's own indexing of an array of that order), and writing them leaves
 * {@code +0.0} there and every other entry as it was, also inside a larger flat vector at an offset.
 */
class PrunedPositionsTest {

    @Test
    void anArrayOfAnotherTypeIsRefusedNamingItsTypeAndLeftUntouched() {
        long[] shape = {4, 8};
        PrunedPositions pos = PrunedPositions.of(random(shape, 0.5, 7), shape, 'f');
        INDArray half = Nd4j.ones(DataType.HALF, 4, 8).dup('f');
        INDArray before = half.dup('f');

        assertThatThrownBy(() -> pos.zero(half, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HALF");
        assertThat(half).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} in {1} order")
    @CsvSource({"784x128,f", "784x128,c", "13x7,f", "1x9,f", "1x9,c", "4x3x3x2,c", "4x3x3x2,f", "17,c"})
    void offsetsAreTheBufferPositionsOfThePrunedEntries(String dims, char order) {
        boolean raw = RawZeros.enabled;
        try {
            // Both write paths: raw memory (the default where Unsafe is reachable) and the NIO buffer.
            for (boolean useRaw : new boolean[] {true, false}) {
                RawZeros.enabled = raw && useRaw;
                offsetsAreTheBufferPositions(dims, order);
            }
        } finally {
            RawZeros.enabled = raw;
        }
    }

    private void offsetsAreTheBufferPositions(String dims, char order) {
        long[] shape = parse(dims);
        BitSet pruned = random(shape, 0.5, dims.hashCode());
        INDArray a = Nd4j.rand(DataType.FLOAT, shape).dup(order).addi(0.5);
        INDArray before = a.dup(order);
        PrunedPositions pos = PrunedPositions.of(pruned, shape, order);
        assertThat(pos.canWrite(a)).isTrue();
        assertThat(pos.count()).isEqualTo(pruned.cardinality());
        assertThat(pos.holdsPlusZero(a, 0, pos.count())).isFalse();

        pos.zero(a);

        assertMasked(a, before, pruned);
        assertThat(pos.holdsPlusZero(a, 5, pos.count())).isTrue();
        // Doubles, and a view at an offset inside a larger array (as DL4J's parameter and gradient views are).
        INDArray d = Nd4j.rand(DataType.DOUBLE, shape).dup(order).addi(0.5);
        INDArray dBefore = d.dup(order);
        pos.zero(d);
        assertMasked(d.castTo(DataType.FLOAT), dBefore.castTo(DataType.FLOAT), pruned);
        long n = a.length();
        INDArray whole = Nd4j.rand(DataType.FLOAT, 1, n + 20).addi(0.5);
        INDArray wholeBefore = whole.dup();
        INDArray view = whole.get(NDArrayIndex.point(0), NDArrayIndex.interval(7, 7 + n)).reshape(order, shape);
        assertThat(view.offset()).isEqualTo(7);
        pos.zero(view);
        assertMasked(view, wholeBefore.get(NDArrayIndex.point(0), NDArrayIndex.interval(7, 7 + n)).dup()
                .reshape(order, shape), pruned);
        for (long k = 0; k < whole.length(); k++) {
            if (k < 7 || k >= 7 + n) {
                assertThat(whole.getFloat(0, k)).as("outside the view: %d", k).isEqualTo(wholeBefore.getFloat(0, k));
            }
        }
    }

    @ParameterizedTest(name = "{0} in {1} order at {2}")
    @CsvSource({"784x128,f,300", "13x7,f,91", "4x3x3x2,c,7"})
    void aCopyInsideAFlatStateVectorIsWrittenFromItsStart(String dims, char order, int base) {
        boolean raw = RawZeros.enabled;
        try {
            for (boolean useRaw : new boolean[] {true, false}) {
                RawZeros.enabled = raw && useRaw;
                aCopyInsideAFlatStateVector(dims, order, base);
            }
        } finally {
            RawZeros.enabled = raw;
        }
    }

    private void aCopyInsideAFlatStateVector(String dims, char order, int base) {
        long[] shape = parse(dims);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        BitSet pruned = random(shape, 0.4, base);
        // A state view: a row of a larger array, starting 3 entries in, holding the copy at 'base'.
        INDArray whole = Nd4j.rand(DataType.FLOAT, 1, n + base + 10).addi(0.5);
        INDArray state = whole.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, n + base + 7));
        INDArray before = whole.dup();
        INDArray copy = Nd4j.create(DataType.FLOAT, shape, order);

        PrunedPositions.of(pruned, shape, order).zero(state, base);

        // The copy read back in the parameter's order: its pruned entries are +0.0, nothing else moved.
        for (int k = 0; k < n; k++) {
            copy.data().put(k, whole.getFloat(0, 3 + base + k));
        }
        INDArray copyBefore = Nd4j.create(DataType.FLOAT, shape, order);
        for (int k = 0; k < n; k++) {
            copyBefore.data().put(k, before.getFloat(0, 3 + base + k));
        }
        assertMasked(copy, copyBefore, pruned);
        for (long k = 0; k < whole.length(); k++) {
            if (k < 3 + base || k >= 3 + base + n) {
                assertThat(whole.getFloat(0, k)).isEqualTo(before.getFloat(0, k));
            }
        }
    }

    @ParameterizedTest(name = "{0} in {1} order")
    @CsvSource({"784x128,f", "3x4x5x5,c", "5000x3,f"})
    void wholeNeuronsOrFiltersAreWrittenRunByRun(String dims, char order) {
        long[] shape = parse(dims);
        // Every other output unit pruned whole: a column of an f-order dense matrix (the last dimension), a filter of
        // a c-order convolution (the first); each a run of consecutive buffer positions.
        BitSet pruned = new BitSet();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        for (int i = 0; i < n; i++) {
            long unit = order == 'f' ? i % shape[shape.length - 1] : i / (n / shape[0]);
            if (unit % 2 == 0) {
                pruned.set(i);
            }
        }
        INDArray a = Nd4j.rand(DataType.FLOAT, shape).dup(order).addi(0.5);
        INDArray before = a.dup(order);
        PrunedPositions pos = PrunedPositions.of(pruned, shape, order);
        assertThat(pos.writesRuns()).isTrue();
        assertThat(PrunedPositions.of(random(shape, 0.5, 3), shape, order).writesRuns()).isFalse();

        pos.zero(a);

        assertMasked(a, before, pruned);
        INDArray d = a.castTo(DataType.DOUBLE).dup(order).addi(1.0);
        INDArray dBefore = d.dup(order);
        pos.zero(d);
        assertMasked(d.castTo(DataType.FLOAT), dBefore.castTo(DataType.FLOAT), pruned);
    }

    private static long[] parse(String dims) {
        String[] p = dims.split("x");
        long[] shape = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            shape[i] = Long.parseLong(p[i]);
        }
        return shape;
    }

    private static BitSet random(long[] shape, double sparsity, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        Random rnd = new Random(seed);
        BitSet b = new BitSet();
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < sparsity) {
                b.set(i);
            }
        }
        return b;
    }

    /** Pruned entries (c-order indices, read through ND4J's indexing) are +0.0; the others kept their values. */
    private static void assertMasked(INDArray after, INDArray before, BitSet pruned) {
        long[] shape = after.shape();
        for (int i = 0; i < after.length(); i++) {
            long[] at = new long[shape.length];
            long rest = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                at[d] = rest % shape[d];
                rest /= shape[d];
            }
            float v = after.getFloat(at);
            if (pruned.get(i)) {
                assertThat(Float.floatToRawIntBits(v)).as("pruned entry %d is +0.0, was %s", i, v).isZero();
            } else {
                assertThat(v).as("kept entry %d", i).isEqualTo(before.getFloat(at));
            }
        }
    }
}
