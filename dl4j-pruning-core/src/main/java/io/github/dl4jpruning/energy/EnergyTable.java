package io.github.dl4jpruning.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-operation energies, in picojoules, at one precision, with where the figures come from. The named presets
 * ({@link #names()}) carry their citation; a table of one's own is a {@code new EnergyTable(...)}.
 *
 * <pre>{@code
 * EnergyTable t = EnergyTable.byName("horowitz45nm-fp32");   // MAC 4.6 pJ, SRAM read 5 pJ
 * EnergyModel model = HardwareEnergyModel.of(t);
 * }</pre>
 *
 * @param name               a short identifier, e.g. {@code horowitz45nm-fp32}
 * @param citation           the source of the figures (empty for a table of one's own)
 * @param precision          the precision the table is for
 * @param addPicojoules      one add
 * @param multiplyPicojoules one multiply
 * @param registerPicojoules one register-file read of a value
 * @param sramPicojoules     one SRAM read of a value
 * @param dramPicojoules     one DRAM read of a value
 */
public record EnergyTable(String name, String citation, Precision precision, double addPicojoules,
                          double multiplyPicojoules, double registerPicojoules, double sramPicojoules,
                          double dramPicojoules) {

    /** The table of {@link HardwareEnergyModel#defaults()}. */
    public static final String DEFAULT = "horowitz45nm-fp32";

    static final String HOROWITZ_2014 = "M. Horowitz, \"Computing's energy problem (and what we can do about it)\", "
            + "ISSCC 2014, 45 nm, 0.9 V: the table \"Rough energy costs for various operations\"";
    static final String EYERISS_2016 = "Y.-H. Chen, J. Emer, V. Sze, \"Eyeriss: a spatial architecture for "
            + "energy-efficient dataflow for convolutional neural networks\", ISCA 2016, normalized energy cost "
            + "(register file 1x, global buffer 6x, DRAM 200x one MAC); the MAC itself from " + HOROWITZ_2014;

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

    /** Horowitz 2014's arithmetic, in pJ: add, then multiply. */
    private static final List<EnergyTable> HOROWITZ_ARITHMETIC = List.of(
            horowitz(Precision.FP32, 0.9, 3.7),
            horowitz(Precision.FP16, 0.4, 1.1),
            horowitz(Precision.INT8, 0.03, 0.2),
            horowitz(Precision.INT32, 0.1, 3.1));

    private static final Map<String, EnergyTable> PRESETS = presets();

    public EnergyTable {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be a non-blank identifier, got '" + name + "'");
        }
        if (citation == null) {
            throw new IllegalArgumentException("citation must not be null (use \"\" for a table of your own)");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        check("addPicojoules", addPicojoules);
        check("multiplyPicojoules", multiplyPicojoules);
        check("registerPicojoules", registerPicojoules);
        check("sramPicojoules", sramPicojoules);
        check("dramPicojoules", dramPicojoules);
    }

    /** A table of one's own, named {@code custom-<precision>}, without a citation. */
    public EnergyTable(Precision precision, double addPicojoules, double multiplyPicojoules,
                       double registerPicojoules, double sramPicojoules, double dramPicojoules) {
        this("custom-" + (precision == null ? "null" : precision.name().toLowerCase(Locale.ROOT)), "", precision,
                addPicojoules, multiplyPicojoules, registerPicojoules, sramPicojoules, dramPicojoules);
    }

    private static void check(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite energy >= 0 pJ, got " + v);
        }
    }

    /** Every preset: Horowitz 45 nm at each precision, then the Eyeriss-relative memory costs at each. */
    private static Map<String, EnergyTable> presets() {
        Map<String, EnergyTable> m = new LinkedHashMap<>();
        HOROWITZ_ARITHMETIC.forEach(t -> m.put(t.name(), t));
        HOROWITZ_ARITHMETIC.forEach(t -> {
            EnergyTable e = eyerissFrom(t);
            m.put(e.name(), e);
        });
        return Collections.unmodifiableMap(m);
    }

    /** Memory reads from Horowitz's 32-bit figures (register file 1 pJ, 8 KB SRAM 5 pJ, DRAM 640 pJ) x bits / 32. */
    private static EnergyTable horowitz(Precision precision, double add, double multiply) {
        double scale = precision.bits() / 32.0;
        return new EnergyTable("horowitz45nm-" + precision.name().toLowerCase(Locale.ROOT), HOROWITZ_2014, precision,
                add, multiply, REGISTER_32BIT_PJ * scale, SRAM_32BIT_PJ * scale, DRAM_32BIT_PJ * scale);
    }

    /** One access costs a multiple of one MAC at the table's precision. */
    private static EnergyTable eyerissFrom(EnergyTable horowitz) {
        double mac = horowitz.addPicojoules() + horowitz.multiplyPicojoules();
        return new EnergyTable("eyeriss-" + horowitz.precision().name().toLowerCase(Locale.ROOT), EYERISS_2016,
                horowitz.precision(), horowitz.addPicojoules(), horowitz.multiplyPicojoules(),
                EYERISS_RF_X * mac, EYERISS_BUFFER_X * mac, EYERISS_DRAM_X * mac);
    }

    /** The preset names, in the order {@code --help} lists them. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * A preset by name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static EnergyTable byName(String name) {
        EnergyTable t = PRESETS.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown energy table '" + name + "'; expected one of " + names());
        }
        return t;
    }

    /**
     * Horowitz, ISSCC 2014 (45 nm): {@code byName("horowitz45nm-" + precision)}.
     *
     * @throws IllegalArgumentException for a precision the paper gives no arithmetic figures for
     */
    public static EnergyTable horowitz45nm(Precision precision) {
        return byPrecision("horowitz45nm-", precision);
    }

    /**
     * Eyeriss-style relative costs (Chen, Emer, Sze, ISCA 2016) on Horowitz's MAC: {@code byName("eyeriss-" + precision)}.
     *
     * @throws IllegalArgumentException for a precision Horowitz 2014 gives no arithmetic figures for
     */
    public static EnergyTable eyeriss(Precision precision) {
        return byPrecision("eyeriss-", precision);
    }

    private static EnergyTable byPrecision(String prefix, Precision precision) {
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        String name = prefix + precision.name().toLowerCase(Locale.ROOT);
        if (!PRESETS.containsKey(name)) {
            throw new IllegalArgumentException("no preset '" + name + "': the source gives no figures for "
                    + precision + "; expected one of " + names() + ", or a new EnergyTable(...) of your own");
        }
        return PRESETS.get(name);
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
