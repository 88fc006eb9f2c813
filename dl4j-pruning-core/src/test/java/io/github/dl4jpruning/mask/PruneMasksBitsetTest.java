package io.github.dl4jpruning.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The compact side of {@link PruneMasks}: bitsets in memory and about one bit per entry when serialized. */
class PruneMasksBitsetTest {

    @Test
    void aSerializedMaskTakesAtMostOneBitPerEntryPlusASmallHeader() throws Exception {
        int n = 1000 * 1000;
        boolean[] alive = new boolean[n];
        Random rnd = new Random(3);
        for (int i = 0; i < n; i++) {
            alive[i] = rnd.nextBoolean();
        }
        PruneMasks masks = new PruneMasks();
        masks.putAlive("0_W", new long[] {1000, 1000}, alive);

        byte[] bytes = serialize(masks);

        assertThat(bytes.length).as("serialized bytes for %d entries", n).isLessThanOrEqualTo(n / 8 + 512);
        PruneMasks back = deserialize(bytes);
        assertThat(back.alive("0_W", null)).isEqualTo(alive);
        assertThat(back.prunedCount("0_W")).isEqualTo(masks.prunedCount("0_W"));
    }

    @Test
    void theThreeWaysToPutAMaskAgree() {
        double[] values = {1, 0, 0, 1, 1, 0, 1};
        boolean[] alive = {true, false, false, true, true, false, true};
        BitSet pruned = new BitSet();
        pruned.set(1);
        pruned.set(2);
        pruned.set(5);
        PruneMasks a = new PruneMasks();
        a.put("w", new long[] {7}, values);
        a.putAlive("x", new long[] {7}, alive);
        a.putPruned("y", new long[] {7}, pruned);

        for (String k : new String[] {"w", "x", "y"}) {
            assertThat(a.values(k)).as(k).containsExactly(values);
            assertThat(a.alive(k, null)).as(k).containsExactly(alive);
            assertThat(a.pruned(k)).as(k).isEqualTo(pruned);
            assertThat(a.prunedCount(k)).isEqualTo(3);
            assertThat(a.array(k, DataType.FLOAT).toDoubleVector()).containsExactly(values);
            assertThat(a.array(k, DataType.DOUBLE).toDoubleVector()).containsExactly(values);
        }
        assertThat(a.alive("z", new long[] {2})).containsExactly(true, true);
    }

    @Test
    void aPrunedIndexOutsideTheShapeIsRejectedNamingIt() {
        BitSet pruned = new BitSet();
        pruned.set(12);
        PruneMasks masks = new PruneMasks();

        assertThatThrownBy(() -> masks.putPruned("0_W", new long[] {3, 4}, pruned))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0_W'")
                .hasMessageContaining("index 12").hasMessageContaining("below 12");
        assertThatThrownBy(() -> masks.putAlive("0_W", new long[] {3, 4}, new boolean[11]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 values, expected 12");
        assertThat(masks.isEmpty()).isTrue();
    }

    @Test
    void aCopyIsIndependentOfLaterPuts() {
        PruneMasks masks = new PruneMasks();
        masks.putAlive("0_W", new long[] {2}, new boolean[] {true, false});
        PruneMasks copy = masks.copy();
        masks.putAlive("0_W", new long[] {2}, new boolean[] {false, false});

        assertThat(copy.prunedCount("0_W")).isEqualTo(1);
        assertThat(masks.contains(copy)).isTrue();
        assertThat(copy.contains(masks)).isFalse();
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static PruneMasks deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (PruneMasks) in.readObject();
        }
    }
}
