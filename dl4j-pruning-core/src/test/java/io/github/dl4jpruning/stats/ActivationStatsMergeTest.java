package io.github.dl4jpruning.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ActivationStats#merge}: statistics of parts add up to the statistics of the whole. */
class ActivationStatsMergeTest {

    /** 12 examples of 3 neurons, multiples of 1/4 (exact sums in any order), zeros and negatives included. */
    private static INDArray rows(int from, int to) {
        double[][] x = new double[to - from][3];
        for (int r = from; r < to; r++) {
            x[r - from] = new double[] {(r % 4) * 0.25, r % 3 == 0 ? 0 : -r * 0.5, (r * 7 % 5) - 2};
        }
        return Nd4j.create(x).castTo(DataType.FLOAT);
    }

    private static ActivationStats recorded(int from, int to, int batch) {
        ActivationStats s = new ActivationStats(0);
        for (int b = from; b < to; b += batch) {
            s.record("0", rows(b, Math.min(to, b + batch)));
        }
        return s;
    }

    @Test
    void partsRecordedApartMergeIntoTheStatisticsOfTheWhole() {
        ActivationStats whole = recorded(0, 12, 4);
        ActivationStats merged = new ActivationStats(0);
        merged.merge(recorded(8, 12, 2));   // another order and other minibatches than the whole
        merged.merge(recorded(0, 5, 5));
        merged.merge(recorded(5, 8, 1));

        NeuronStats w = whole.get("0");
        NeuronStats m = merged.get("0");
        assertThat(m.samples()).isEqualTo(12).isEqualTo(w.samples());
        assertThat(m.firingProbability()).containsExactly(w.firingProbability());
        assertThat(m.meanAbs()).containsExactly(w.meanAbs());
        assertThat(m.rms()).containsExactly(w.rms());
    }

    @Test
    void addsSumsAndCountsNotMeans() {
        // 1 example with a = 4 and 3 with a = 0: the mean |a| of all 4 is 1, the mean of the two means would be 2.
        ActivationStats a = new ActivationStats(0);
        a.record("0", Nd4j.create(new double[][] {{4}}));
        ActivationStats b = new ActivationStats(0);
        b.record("0", Nd4j.create(new double[][] {{0}, {0}, {0}}));
        a.merge(b);
        assertThat(a.get("0").samples()).isEqualTo(4);
        assertThat(a.get("0").meanAbs()).containsExactly(1.0);
        assertThat(a.get("0").firingProbability()).containsExactly(0.25);
    }

    @Test
    void anActivationOnlyTheOtherHasIsCopiedNotShared() {
        ActivationStats a = recorded(0, 4, 4);
        ActivationStats b = new ActivationStats(0);
        b.record("input", rows(0, 2));
        a.merge(b);
        b.record("input", rows(2, 4));
        assertThat(a.get("input").samples()).isEqualTo(2);
        assertThat(b.get("input").samples()).isEqualTo(4);
        assertThat(a.all().keySet()).containsExactly("0", "input");
    }

    @Test
    void mergingEmptyStatisticsChangesNothing() {
        ActivationStats a = recorded(0, 12, 4);
        double[] before = a.get("0").rms();
        a.merge(new ActivationStats(0));
        assertThat(a.get("0").samples()).isEqualTo(12);
        assertThat(a.get("0").rms()).containsExactly(before);
    }

    @Test
    void refusesAnotherEpsilonAnotherShapeNullAndItselfLeavingTheStatisticsAsTheyWere() {
        ActivationStats a = recorded(0, 4, 4);
        ActivationStats otherEps = new ActivationStats(0.5);
        otherEps.record("0", rows(0, 4));
        assertThatThrownBy(() -> a.merge(otherEps)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon 0.5").hasMessageContaining("epsilon 0.0");

        ActivationStats otherShape = new ActivationStats(0);
        otherShape.record("input", rows(0, 4));
        otherShape.record("0", Nd4j.create(new double[][] {{1, 2}}));
        assertThatThrownBy(() -> a.merge(otherShape)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activation '0'").hasMessageContaining("[2]").hasMessageContaining("[3]");
        assertThat(a.all().keySet()).containsExactly("0");   // "input" was not added before the mismatch was found
        assertThat(a.get("0").samples()).isEqualTo(4);

        assertThatThrownBy(() -> a.merge(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
        assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("themselves");
        assertThat(a.get("0").samples()).isEqualTo(4);
    }
}
