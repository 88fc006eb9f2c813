package io.github.dl4jpruning.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link ThresholdSelect#dropSmallest} unflags exactly the units {@link ThresholdSelect#keepSmallest} keeps. */
class ThresholdSelectTest {

    @Property(tries = 200)
    void droppingTheKLowestUnflagsExactlyWhatKeepingThemKeeps(@ForAll @IntRange(min = 0, max = 9000) int n,
                                                              @ForAll @IntRange(min = 1, max = 3) int segments,
                                                              @ForAll @LongRange(min = -5, max = 10_000) long k,
                                                              @ForAll long seed) {
        Random r = new Random(seed);
        double[][] imp = new double[segments][];
        boolean[][] flags = new boolean[segments][];
        for (int s = 0; s < segments; s++) {
            int len = n / segments + s;
            imp[s] = new double[len];
            flags[s] = new boolean[len];
            for (int i = 0; i < len; i++) {
                // Few distinct values, both zeros among them: many ties at the boundary, resolved by position.
                imp[s][i] = switch (r.nextInt(4)) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    default -> r.nextInt(50) * 0.125 - 1;
                };
                flags[s][i] = r.nextInt(5) != 0;
            }
        }
        boolean[][] kept = copy(flags);
        boolean[][] dropped = copy(flags);

        ThresholdSelect.keepSmallest(imp, kept, k);
        ThresholdSelect.dropSmallest(imp, dropped, k);

        for (int s = 0; s < segments; s++) {
            for (int i = 0; i < flags[s].length; i++) {
                assertThat(dropped[s][i]).as("segment %d unit %d", s, i).isEqualTo(flags[s][i] && !kept[s][i]);
            }
        }
    }

    @Example
    void minusZeroAndZeroAreOneValueAndTiesGoByPosition() {
        double[][] imp = {{0.0, -0.0, 1.0}, {-0.0, 0.0, -1.0}};
        boolean[][] flags = {{true, true, true}, {true, true, true}};

        ThresholdSelect.dropSmallest(imp, flags, 3);

        // -1 first, then the first two zeros in position order.
        assertThat(flags[0]).containsExactly(false, false, true);
        assertThat(flags[1]).containsExactly(true, true, false);
    }

    private static boolean[][] copy(boolean[][] a) {
        boolean[][] c = new boolean[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
