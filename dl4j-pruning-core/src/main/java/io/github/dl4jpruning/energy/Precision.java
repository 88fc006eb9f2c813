package io.github.dl4jpruning.energy;

/**
 * Arithmetic precision of the hardware the network will run on, with the energy of one add and one multiply.
 *
 * <p>Source: M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC 2014, 45 nm, 0.9 V
 * (the table on slide/figure "Rough energy costs for various operations").
 */
public enum Precision {
    /** 32-bit float: add 0.9 pJ, multiply 3.7 pJ (Horowitz 2014). */
    FP32(32, 0.9, 3.7),
    /** 16-bit float: add 0.4 pJ, multiply 1.1 pJ (Horowitz 2014). */
    FP16(16, 0.4, 1.1),
    /** 8-bit integer: add 0.03 pJ, multiply 0.2 pJ (Horowitz 2014). */
    INT8(8, 0.03, 0.2);

    private final int bits;
    private final double addPicojoules;
    private final double multiplyPicojoules;

    Precision(int bits, double addPicojoules, double multiplyPicojoules) {
        this.bits = bits;
        this.addPicojoules = addPicojoules;
        this.multiplyPicojoules = multiplyPicojoules;
    }

    /** Bits per value. */
    public int bits() {
        return bits;
    }

    /** Energy of one add, pJ. */
    public double addPicojoules() {
        return addPicojoules;
    }

    /** Energy of one multiply, pJ. */
    public double multiplyPicojoules() {
        return multiplyPicojoules;
    }
}
