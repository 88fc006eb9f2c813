package io.github.dl4jpruning.energy;

/**
 * Per-operation energies, in picojoules, at one precision.
 *
 * <pre>{@code
 * EnergyTable t = EnergyTable.horowitz45nm(Precision.FP32);   // MAC 4.6 pJ, SRAM read 5 pJ
 * }</pre>
 *
 * @param precision          the precision the table is for
 * @param addPicojoules      one add
 * @param multiplyPicojoules one multiply
 * @param registerPicojoules one register-file read of a value
 * @param sramPicojoules     one SRAM read of a value
 * @param dramPicojoules     one DRAM read of a value
 */
public record EnergyTable(Precision precision, double addPicojoules, double multiplyPicojoules,
                          double registerPicojoules, double sramPicojoules, double dramPicojoules) {

    /** Horowitz, ISSCC 2014, 45 nm: 32-bit register file read 1 pJ. */
    static final double REGISTER_32BIT_PJ = 1.0;
    /** Horowitz, ISSCC 2014, 45 nm: 32-bit read from an 8 KB SRAM, 5 pJ. */
    static final double SRAM_32BIT_PJ = 5.0;
    /** Horowitz, ISSCC 2014, 45 nm: 32-bit DRAM read, 640 pJ. */
    static final double DRAM_32BIT_PJ = 640.0;

    /** Eyeriss (Chen, Emer, Sze, ISCA 2016, Fig. "normalized energy cost"): register file 1x one MAC. */
    static final double EYERISS_RF_X = 1.0;
    /** Eyeriss: global buffer (on-chip SRAM) 6x one MAC. */
    static final double EYERISS_BUFFER_X = 6.0;
    /** Eyeriss: DRAM 200x one MAC. */
    static final double EYERISS_DRAM_X = 200.0;

    public EnergyTable {
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        check("addPicojoules", addPicojoules);
        check("multiplyPicojoules", multiplyPicojoules);
        check("registerPicojoules", registerPicojoules);
        check("sramPicojoules", sramPicojoules);
        check("dramPicojoules", dramPicojoules);
    }

    private static void check(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite energy >= 0 pJ, got " + v);
        }
    }

    /**
     * Horowitz, ISSCC 2014 (45 nm): arithmetic from the precision; memory reads from the 32-bit figures (register
     * file 1 pJ, 8 KB SRAM 5 pJ, DRAM 640 pJ) scaled by bits / 32.
     */
    public static EnergyTable horowitz45nm(Precision precision) {
        double scale = precision.bits() / 32.0;
        return new EnergyTable(precision, precision.addPicojoules(), precision.multiplyPicojoules(),
                REGISTER_32BIT_PJ * scale, SRAM_32BIT_PJ * scale, DRAM_32BIT_PJ * scale);
    }

    /**
     * Eyeriss-style relative costs (Chen, Emer, Sze, ISCA 2016): one access costs a multiple of one MAC at this
     * precision (register file 1x, global buffer 6x, DRAM 200x); the MAC energy comes from Horowitz 2014.
     */
    public static EnergyTable eyeriss(Precision precision) {
        double mac = precision.addPicojoules() + precision.multiplyPicojoules();
        return new EnergyTable(precision, precision.addPicojoules(), precision.multiplyPicojoules(),
                EYERISS_RF_X * mac, EYERISS_BUFFER_X * mac, EYERISS_DRAM_X * mac);
    }

    /** One multiply-accumulate, pJ. */
    public double macPicojoules() {
        return addPicojoules + multiplyPicojoules;
    }

    /** One read of a value at a memory level, pJ. */
    public double readPicojoules(MemoryLevel level) {
        return switch (level) {
            case REGISTER_FILE -> registerPicojoules;
            case SRAM -> sramPicojoules;
            case DRAM -> dramPicojoules;
        };
    }
}
