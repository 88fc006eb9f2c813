package io.github.dl4jpruning.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class MinibatchSumsTest {

    /** Values with negatives and about a third exact zeros, like ReLU outputs and pixels. */
    static INDArray values(DataType type, long... shape) {
        Random rnd = new Random(7);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(3) == 0 ? 0 : rnd.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c').castTo(type);
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("float c", (Supplier<INDArray>) () -> values(DataType.FLOAT, 6, 9)),
                Arguments.of("float f", (Supplier<INDArray>) () -> values(DataType.FLOAT, 6, 9).dup('f')),
                Arguments.of("float row view with offset", (Supplier<INDArray>) () ->
                        values(DataType.FLOAT, 20, 9).get(NDArrayIndex.interval(7, 13), NDArrayIndex.all())),
                Arguments.of("view of a view", (Supplier<INDArray>) () ->
                        values(DataType.FLOAT, 20, 9).get(NDArrayIndex.interval(4, 18), NDArrayIndex.all())
                                .get(NDArrayIndex.interval(3, 9), NDArrayIndex.all())),
                Arguments.of("float f row view", (Supplier<INDArray>) () ->
                        values(DataType.FLOAT, 20, 9).dup('f').get(NDArrayIndex.interval(5, 11), NDArrayIndex.all())),
                Arguments.of("column view (strided)", (Supplier<INDArray>) () ->
                        values(DataType.FLOAT, 6, 20).get(NDArrayIndex.all(), NDArrayIndex.interval(3, 12))),
                Arguments.of("float 4d c", (Supplier<INDArray>) () -> values(DataType.FLOAT, 3, 2, 4, 5)),
                Arguments.of("float 4d f", (Supplier<INDArray>) () -> values(DataType.FLOAT, 3, 2, 4, 5).dup('f')),
                Arguments.of("float 4d permuted", (Supplier<INDArray>) () ->
                        values(DataType.FLOAT, 3, 4, 5, 2).permute(0, 3, 1, 2)),
                Arguments.of("double c", (Supplier<INDArray>) () -> values(DataType.DOUBLE, 6, 9)),
                Arguments.of("double f", (Supplier<INDArray>) () -> values(DataType.DOUBLE, 6, 9).dup('f')),
                Arguments.of("half", (Supplier<INDArray>) () -> values(DataType.HALF, 6, 9)));
    }

    /** The ND4J reduction the listener used before reading buffers directly: the reference. */
    static double[][] reference(INDArray activation, double epsilon) {
        long mb = activation.size(0);
        long per = activation.length() / mb;
        INDArray a = activation.rank() == 2 ? activation : activation.dup('c').reshape('c', mb, per);
        INDArray abs = Transforms.abs(a, true);
        double[] fire = abs.gt(epsilon).castTo(DataType.DOUBLE).sum(0).toDoubleVector();
        double[] sumAbs = abs.castTo(DataType.DOUBLE).sum(0).toDoubleVector();
        INDArray d = a.castTo(DataType.DOUBLE);
        double[] sumSq = d.mul(d).sum(0).toDoubleVector();
        return new double[][] {fire, sumAbs, sumSq};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void matchesTheNd4jReductionForEveryLayout(String layout, Supplier<INDArray> make) {
        for (double epsilon : new double[] {0, -0.0, 0.5, 1e-3, 5}) {
            INDArray a = make.get();
            double[][] expected = reference(a, epsilon);
            MinibatchSums s = MinibatchSums.of(a, epsilon);
            assertThat(s.firing).as("%s, epsilon %s", layout, epsilon).containsExactly(expected[0]);
            assertThat(s.absSums).as("%s, epsilon %s", layout, epsilon).containsExactly(expected[1], within(1e-12));
            assertThat(s.squareSums).as("%s, epsilon %s", layout, epsilon).containsExactly(expected[2], within(1e-12));
        }
    }

    @Test
    void firingComparesInTheActivationsOwnType() {
        // (float) 1e-3 is slightly above 1e-3 in double; ND4J's gt(1e-3) on a float array says it does not fire.
        INDArray a = Nd4j.createFromArray(new float[] {1e-3f, 2e-3f, 0f, -1e-3f}).reshape(2, 2);
        assertThat(MinibatchSums.of(a, 1e-3).firing).containsExactly(reference(a, 1e-3)[0]).containsExactly(0, 1);
        INDArray d = a.castTo(DataType.DOUBLE);
        assertThat(MinibatchSums.of(d, 1e-3).firing).containsExactly(reference(d, 1e-3)[0]);
    }

    @Test
    void recordingAViewAccumulatesOnlyTheViewsRows() {
        INDArray big = values(DataType.FLOAT, 16, 5);
        ActivationStats stats = new ActivationStats(0);
        stats.record("x", big.get(NDArrayIndex.interval(0, 8), NDArrayIndex.all()));
        stats.record("x", big.get(NDArrayIndex.interval(8, 16), NDArrayIndex.all()));
        ActivationStats whole = new ActivationStats(0);
        whole.record("x", big);

        assertThat(stats.get("x").samples()).isEqualTo(16);
        assertThat(stats.get("x").firingProbability()).containsExactly(whole.get("x").firingProbability());
        assertThat(stats.get("x").rms()).containsExactly(whole.get("x").rms(), within(1e-12));
        assertThat(stats.get("x").meanAbs()).containsExactly(whole.get("x").meanAbs(), within(1e-12));
    }

    @Test
    void nonFiniteActivationsAreRejected() {
        ActivationStats stats = new ActivationStats(0);
        INDArray nan = Nd4j.createFromArray(new float[] {1, Float.NaN, 3, 4}).reshape(2, 2);
        INDArray inf = Nd4j.createFromArray(new double[] {1, 2, Double.POSITIVE_INFINITY, 4}).reshape(2, 2);

        assertThatThrownBy(() -> stats.record("x", nan)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> stats.record("y", inf)).hasMessageContaining("Infinity");
        assertThat(stats.isEmpty()).isTrue();
    }
}
