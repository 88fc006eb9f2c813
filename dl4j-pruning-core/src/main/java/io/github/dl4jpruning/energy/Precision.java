package io.github.dl4jpruning.energy;

/**
 * The number format the network will run in: only its width. What an operation costs at this width depends on the
 * hardware and the paper that measured it, so it lives in an {@link EnergyTable}, not here; a new format is a new
 * constant, and its energies a new table.
 *
 * <pre>{@code
 * EnergyTable t = EnergyTable.byName("horowitz45nm-int8");
 * int bits = t.precision().bits();   // 8
 * }</pre>
 */
public enum Precision {
    /** IEEE 754 single precision. */
    FP32(32),
    /** IEEE 754 half precision. */
    FP16(16),
    /** bfloat16: fp32's exponent, 7 bits of mantissa. */
    BF16(16),
    /** 32-bit integer. */
    INT32(32),
    /** 8-bit integer. */
    INT8(8),
    /** 4-bit integer. */
    INT4(4);

    private final int bits;

    Precision(int bits) {
        this.bits = bits;
    }

    /** Bits per value. */
    public int bits() {
        return bits;
    }
}
