package io.github.dl4jpruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dl4jpruning.criteria.PruningCriterion;
import io.github.dl4jpruning.criteria.ScoringContext;
import io.github.dl4jpruning.criteria.Signal;
import io.github.dl4jpruning.criteria.Signals;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.energy.HardwareEnergyModel;
import io.github.dl4jpruning.mask.PruneMasks;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.network.Weights;
import io.github.dl4jpruning.select.Granularity;
import io.github.dl4jpruning.select.LayerScores;
import io.github.dl4jpruning.testutil.TinyNets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** The parts of a step: scoring, the unit strategies (units and writing masks), and which layers a step prunes. */
class PipelinePartsTest {

    private static final EnergyModel MODEL = HardwareEnergyModel.defaults();

    private final NetworkAdapter net = NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 1));
    private final PrunableLayer hidden = net.layer("0").orElseThrow();
    private final PrunableLayer out = net.layer("1").orElseThrow();

    private static boolean[] alive(int n) {
        boolean[] a = new boolean[n];
        java.util.Arrays.fill(a, true);
        return a;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1);
        return v;
    }

    private Map<String, ScoredLayer> allOnes() {
        Map<String, ScoredLayer> scored = new LinkedHashMap<>();
        scored.put("0", new ScoredLayer(hidden, alive(128), ones(128), ones(128)));
        scored.put("1", new ScoredLayer(out, alive(48), ones(48), ones(48)));
        return scored;
    }

    @Test
    void weightUnitsAreTheWeightsWithTheLayersNeuronEnergyAsFixedCost() {
        Map<String, ScoredLayer> scored = allOnes();
        scored.get("0").alive()[5] = false;
        LayerScores units = new WeightUnits().units(hidden, scored, new double[] {0, 1}, MODEL);
        assertThat(units.size()).isEqualTo(128);
        assertThat(units.alive()[5]).isFalse();
        assertThat(units.alive()[6]).isTrue();
        assertThat(units.fixedCost()).isEqualTo(
                (MODEL.neuronComputeCost(hidden) + MODEL.neuronMemoryCost(hidden)) * 16);
    }

    @Test
    void aNeuronOwnsItsGroupsIncomingWeightsAndTheConsumersWeightsThatReadIt() {
        Map<String, ScoredLayer> scored = allOnes();
        scored.get("0").alive()[2 * 16 + 4] = false;    // one incoming weight of neuron 4 is already pruned
        LayerScores units = new GroupUnits(PruningConfig.defaults()).units(net, hidden, scored, new double[] {0, 1}, MODEL);
        assertThat(units.size()).isEqualTo(16);
        assertThat(units.importance()[0]).as("8 incoming + 3 outgoing").isEqualTo(11);
        assertThat(units.importance()[4]).as("a pruned weight adds no importance").isEqualTo(10);
        double perNeuron = MODEL.neuronComputeCost(hidden) + MODEL.neuronMemoryCost(hidden);
        assertThat(units.cost()[4]).as("but its cost still counts").isEqualTo(11 + perNeuron);
        assertThat(units.alive()).containsOnly(true);
    }

    @Test
    void writingAPrunedNeuronZeroesItsColumnItsBiasAndTheSuccessorsRow() {
        boolean[] alive = new boolean[16];
        Arrays.fill(alive, true);
        alive[7] = false;
        PruneMasks masks = new PruneMasks();
        new GroupUnits(PruningConfig.defaults()).write(net, masks, hidden, allOnes(), alive);
        double[] w = masks.values("0_W");
        double[] b = masks.values("0_b");
        double[] next = masks.values("1_W");
        for (int i = 0; i < 8; i++) {
            assertThat(w[i * 16 + 7]).isZero();
            assertThat(w[i * 16 + 6]).isEqualTo(1);
        }
        assertThat(b[7]).isZero();
        assertThat(masks.prunedCount("0_b")).isEqualTo(1);
        for (int o = 0; o < 3; o++) {
            assertThat(next[7 * 3 + o]).isZero();
        }
        assertThat(masks.prunedCount("1_W")).isEqualTo(3);
    }

    @Test
    void aStepPrunesTheIncludedLayersTheStrategyCanPrune() {
        assertThat(new PruningStep(PruningConfig.defaults()).layers(net)).extracting(PrunableLayer::name)
                .containsExactly("0", "1");
        assertThat(new PruningStep(PruningConfig.builder().granularity(Granularity.NEURONS).build()).layers(net))
                .as("an output layer has no neurons to remove").extracting(PrunableLayer::name).containsExactly("0");
        assertThatThrownBy(() -> new PruningStep(PruningConfig.builder().granularity(Granularity.NEURONS)
                .excludeLayers("0").build()).layers(net))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no layer to prune");
    }

    @Test
    void scoringHandsTheEnergyModelsCostsToACriterionThatAsksForThem() {
        double[][] seen = new double[1][];
        PruningCriterion costly = new PruningCriterion() {
            @Override
            public String name() {
                return "costly";
            }

            @Override
            public Set<Signal> signals() {
                return Set.of(Signal.COSTS);
            }

            @Override
            public double[] importance(ScoringContext ctx) {
                seen[0] = ctx.costs();
                return ctx.weights().clone();
            }
        };
        Scoring scoring = new Scoring(PruningConfig.builder().criterion(costly).build());
        ScoredLayer s = scoring.score(net, hidden, new PruneMasks(), Signals.none(), false);
        double[] expected = MODEL.weightCosts(hidden, Weights.read(net, "0_W"), null);
        assertThat(seen[0]).containsExactly(expected);
        assertThat(s.cost()).as("selection without costs: none kept").isNull();
        assertThat(scoring.score(net, hidden, new PruneMasks(), Signals.none(), true).cost()).containsExactly(expected);
    }

    @Test
    void theStepOnItsOwnWritesTheSameMasksAsThePrunerAroundIt() {
        PruningConfig config = PruningConfig.builder().granularity(Granularity.NEURONS).build();
        NetworkAdapter a = NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 4));
        NetworkAdapter b = NetworkAdapter.of(TinyNets.mlp(new Adam(1e-2), 4));
        PruningStep step = new PruningStep(config);
        List<PrunableLayer> layers = step.layers(a);
        PruneMasks bySteps = step.run(a, layers, new PruneMasks(), Signals.none(),
                io.github.dl4jpruning.select.Target.sparsity(0.5), true).masks();
        PruneMasks byPruner = new Pruner(config).prune(b, new PruneMasks(), Signals.none(),
                io.github.dl4jpruning.select.Target.sparsity(0.5)).masks();
        assertThat(bySteps.keys()).containsExactlyElementsOf(byPruner.keys());
        for (String k : bySteps.keys()) {
            assertThat(bySteps.values(k)).as(k).containsExactly(byPruner.values(k));
        }
        assertThat(a.model().params().equalsWithEps(b.model().params(), 0)).isTrue();
    }
}
