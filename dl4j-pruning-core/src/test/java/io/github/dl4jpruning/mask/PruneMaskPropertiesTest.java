package io.github.dl4jpruning.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.pruning.Pruner;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.select.Scope;
import io.github.dl4jpruning.select.Target;
import io.github.dl4jpruning.testutil.TinyNets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** Invariants of prune masks applied through {@link Pruner} to a real network. */
class PruneMaskPropertiesTest {

    static final String[] KEYS = {"0_W", "1_W"};

    static double[] flat(MultiLayerNetwork net, String key) {
        return Nd4j.toFlattened('c', net.getParam(key)).toDoubleVector();
    }

    @Property(tries = 25)
    void pruningKeepsUnprunedWeightsZeroesPrunedOnesAndHitsTheTarget(
            @ForAll @IntRange(min = 1, max = 1000) int seed,
            @ForAll @DoubleRange(min = 0, max = 0.95) double first,
            @ForAll @DoubleRange(min = 0, max = 0.95) double second,
            @ForAll boolean global, @ForAll boolean random) {
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.1), seed);
        NetworkAdapter adapter = NetworkAdapter.of(net);
        Pruner pruner = new Pruner(PruningConfig.builder().criterion(random ? Criteria.random() : Criteria.magnitude())
                .scope(global ? Scope.GLOBAL : Scope.PER_LAYER).seed(seed).build());
        double[][] original = {flat(net, "0_W"), flat(net, "1_W")};
        double[] biasBefore = net.getParam("0_b").toDoubleVector();

        PruneMasks m1 = pruner.prune(adapter, new PruneMasks(), Signals.none(), Target.sparsity(first)).masks();
        check(net, m1, original, first, global);
        PruneMasks m2 = pruner.prune(adapter, m1, Signals.none(), Target.sparsity(second)).masks();

        assertThat(m2.contains(m1)).as("pruned stays pruned").isTrue();
        if (second <= first) {
            for (String k : KEYS) {
                assertThat(m2.values(k)).as("a lower target changes nothing").containsExactly(m1.values(k));
            }
        } else {
            check(net, m2, original, second, global);
        }
        assertThat(net.getParam("0_b").toDoubleVector()).as("biases untouched by weight pruning").containsExactly(biasBefore);
    }

    private static void check(MultiLayerNetwork net, PruneMasks masks, double[][] original, double target, boolean global) {
        long total = 0;
        long pruned = 0;
        for (int k = 0; k < KEYS.length; k++) {
            double[] now = flat(net, KEYS[k]);
            double[] m = masks.values(KEYS[k]);
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 1) {
                    assertThat(now[i]).as("unpruned %s[%d]", KEYS[k], i).isEqualTo(original[k][i]);
                } else {
                    assertThat(now[i]).as("pruned %s[%d]", KEYS[k], i).isZero();
                }
            }
            if (!global) {
                assertThat((double) masks.prunedCount(KEYS[k])).isCloseTo(target * m.length,
                        org.assertj.core.api.Assertions.within(1.0));
            }
            total += m.length;
            pruned += masks.prunedCount(KEYS[k]);
        }
        assertThat((double) pruned).isCloseTo(target * total, org.assertj.core.api.Assertions.within(global ? 1.0 : 2.0));
    }

    @Property(tries = 25)
    void sparsityBoundsHoldPerLayerUnderGlobalRanking(@ForAll @IntRange(min = 1, max = 1000) int seed,
                                                      @ForAll @DoubleRange(min = 0, max = 0.95) double target) {
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.1), seed);
        Pruner pruner = new Pruner(PruningConfig.builder().scope(Scope.GLOBAL).sparsityBounds(0.2, 0.6)
                .sparsityBounds("1", 0.1, 0.3).build());
        PruneMasks m = pruner.prune(NetworkAdapter.of(net), new PruneMasks(), Signals.none(), Target.sparsity(target)).masks();
        // 0_W: 128 weights in [26, 76]; 1_W: 48 weights in [5, 14]
        assertThat(m.prunedCount("0_W")).isBetween(26L, 76L);
        assertThat(m.prunedCount("1_W")).isBetween(5L, 14L);
    }

    @Property(tries = 20)
    void masksRejectValuesOtherThanZeroAndOne(@ForAll @DoubleRange(min = -2, max = 2) double v) {
        PruneMasks m = new PruneMasks();
        if (v == 0 || v == 1) {
            m.put("k", new long[] {1}, new double[] {v});
            assertThat(m.has("k")).isTrue();
        } else {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.put("k", new long[] {1}, new double[] {v}))
                    .hasMessageContaining(String.valueOf(v));
        }
    }
}
