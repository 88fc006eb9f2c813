package io.github.dl4jpruning.energy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnergyTableTest {

    @Test
    void everyName_resolvesToAPresetOfThatName_withACitation() {
        assertThat(EnergyTable.names()).startsWith("horowitz45nm-fp32", "horowitz45nm-fp16", "horowitz45nm-int8")
                .contains("eyeriss-fp32", "eyeriss-fp16", "eyeriss-int8")
                .doesNotHaveDuplicates();
        for (String name : EnergyTable.names()) {
            EnergyTable t = EnergyTable.byName(name);
            assertThat(t.name()).isEqualTo(name);
            assertThat(t.citation()).isNotBlank();
            assertThat(name).endsWith("-" + t.precision().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void theDefault_keepsHorowitzsFp32Figures() {
        EnergyTable t = EnergyTable.byName(EnergyTable.DEFAULT);

        assertThat(t).isEqualTo(EnergyTable.horowitz45nm(Precision.FP32));
        assertThat(t.citation()).contains("Horowitz", "ISSCC 2014");
        assertThat(new double[]{t.addPicojoules(), t.multiplyPicojoules(), t.registerPicojoules(),
                t.sramPicojoules(), t.dramPicojoules()}).containsExactly(0.9, 3.7, 1.0, 5.0, 640.0);
        assertThat(HardwareEnergyModel.defaults().table()).isEqualTo(t);
    }

    @Test
    void lowerPrecisions_scaleHorowitzsMemoryReadsByTheirWidth() {
        EnergyTable int8 = EnergyTable.byName("horowitz45nm-int8");

        assertThat(int8.addPicojoules()).isEqualTo(0.03);
        assertThat(int8.multiplyPicojoules()).isEqualTo(0.2);
        assertThat(int8.sramPicojoules()).isCloseTo(5.0 * 8 / 32, within(1e-12));
        assertThat(EnergyTable.byName("horowitz45nm-fp16").multiplyPicojoules()).isEqualTo(1.1);
    }

    @Test
    void eyeriss_pricesMemoryAsMultiplesOfOneMac() {
        EnergyTable e = EnergyTable.byName("eyeriss-fp32");

        assertThat(e.dramPicojoules()).isCloseTo(200 * 4.6, within(1e-9));
        assertThat(e.citation()).contains("Eyeriss", "ISCA 2016");
        assertThat(e).isEqualTo(EnergyTable.eyeriss(Precision.FP32));
    }

    @Test
    void horowitzsInt32_isAPresetToo() {
        EnergyTable t = EnergyTable.byName("horowitz45nm-int32");
        assertThat(t.macPicojoules()).isCloseTo(0.1 + 3.1, within(1e-12));
        assertThat(t.sramPicojoules()).isEqualTo(5.0);
    }

    @Test
    void unknownName_listsTheKnownOnes() {
        assertThatThrownBy(() -> EnergyTable.byName("horowitz45nm-fp8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown energy table 'horowitz45nm-fp8'")
                .hasMessageContaining("horowitz45nm-fp32");
    }

    @Test
    void aPrecisionThePaperDidNotMeasure_hasNoPreset_butATableOfOnesOwnWorks() {
        assertThatThrownBy(() -> EnergyTable.horowitz45nm(Precision.BF16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BF16").hasMessageContaining("horowitz45nm-fp32");

        EnergyTable own = new EnergyTable(Precision.BF16, 0.5, 1.0, 0.5, 2.5, 320);
        assertThat(own.name()).isEqualTo("custom-bf16");
        assertThat(HardwareEnergyModel.of(own).table()).isSameAs(own);
    }

    @Test
    void precision_isOnlyAWidth() {
        assertThat(Precision.FP32.bits()).isEqualTo(32);
        assertThat(Precision.BF16.bits()).isEqualTo(16);
        assertThat(Precision.INT4.bits()).isEqualTo(4);
    }

    @Test
    void aBlankName_isRejected() {
        assertThatThrownBy(() -> new EnergyTable(" ", "", Precision.FP32, 0.9, 3.7, 1, 5, 640))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> HardwareEnergyModel.of(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
    }
}
