package io.github.dl4jpruning.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs each example in {@code --quick} mode and checks what it reached, not just that it ran. */
class ExamplesQuickRunTest {

    @Test
    void attachToExistingNetwork_reachesNinetyPercentSparsity_withLessEnergy_andUsefulAccuracy() {
        ExampleResult r = AttachToExistingNetwork.run(true);

        assertThat(r.sparsity()).isCloseTo(0.9, within(0.01));
        assertThat(r.energyAfterPicojoules()).isLessThan(r.energyDensePicojoules());
        // Unstructured sparsity of 90% with zero-skipping should remove most of the estimated energy.
        assertThat(r.energyReduction()).isGreaterThan(0.7);
        assertThat(r.accuracyBefore()).isGreaterThan(0.5);   // chance is 0.1
        assertThat(r.accuracyAfter()).isGreaterThan(0.5);
    }

    @Test
    void iterativePruneAndRetrain_reachesEachRoundsSparsity_withFallingEnergy() {
        List<IterativePruneAndRetrain.Round> rounds = IterativePruneAndRetrain.run(true);

        assertThat(rounds).hasSize(1 + IterativePruneAndRetrain.TARGETS.length);
        assertThat(rounds.get(0).sparsity()).isZero();
        for (int i = 1; i < rounds.size(); i++) {
            IterativePruneAndRetrain.Round r = rounds.get(i);
            assertThat(r.sparsity()).as("round %d sparsity", i).isCloseTo(r.target(), within(0.01));
            assertThat(r.energyPicojoules()).as("round %d energy", i)
                    .isLessThan(rounds.get(i - 1).energyPicojoules());
            assertThat(r.accuracy()).as("round %d accuracy", i).isGreaterThan(0.5);   // chance is 0.1
        }
        assertThat(rounds.get(rounds.size() - 1).energyReduction()).isGreaterThan(0.8);
    }

    @Test
    void csvEnergyTarget_cutsEightyPercentOfTheEnergy_andStillClassifies() {
        ExampleResult r = CsvEnergyTarget.run(true);

        assertThat(r.energyReduction()).isCloseTo(CsvEnergyTarget.ENERGY_REDUCTION, within(0.01));
        assertThat(r.energyAfterPicojoules()).isLessThan(r.energyDensePicojoules());
        assertThat(r.sparsity()).isGreaterThan(0.5);
        assertThat(r.accuracyBefore()).isGreaterThan(0.6);   // chance is 1/3
        assertThat(r.accuracyAfter()).isGreaterThan(0.6);
    }
}
