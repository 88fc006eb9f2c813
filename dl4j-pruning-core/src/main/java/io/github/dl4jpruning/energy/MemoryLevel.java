package io.github.dl4jpruning.energy;

/** Where a weight is read from at each use. */
public enum MemoryLevel {
    /** A register file next to the arithmetic unit. */
    REGISTER_FILE,
    /** On-chip SRAM (a small cache or global buffer). */
    SRAM,
    /** Off-chip DRAM. */
    DRAM
}
