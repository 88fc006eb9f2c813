package io.github.dl4jpruning.select;

/**
 * What a pruning step aims for: a sparsity (fraction of weights, or of neurons for structured pruning, that are
 * pruned) or a reduction of estimated energy (fraction of the dense estimate removed).
 *
 * @param kind  sparsity or energy
 * @param value the fraction: sparsity in [0, 1), energy reduction in (0, 1)
 */
public record Target(Kind kind, double value) {

    /** The kind of target. */
    public enum Kind {
        /** A fraction of weights (or neurons) pruned. */
        SPARSITY,
        /** A fraction of the dense estimated energy removed. */
        ENERGY
    }

    public Target {
        if (kind == null) {
            throw new IllegalArgumentException("target kind must be SPARSITY or ENERGY, got null");
        }
        if (kind == Kind.SPARSITY && !(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + value);
        }
        if (kind == Kind.ENERGY && !(value > 0 && value < 1)) {
            throw new IllegalArgumentException("energy reduction must be in (0, 1), got " + value);
        }
    }

    /** A sparsity target, e.g. {@code sparsity(0.9)} prunes 90% of the weights. */
    public static Target sparsity(double fraction) {
        return new Target(Kind.SPARSITY, fraction);
    }

    /** An energy target, e.g. {@code energyReduction(0.8)}: "cut 80% of the estimated energy". */
    public static Target energyReduction(double fraction) {
        return new Target(Kind.ENERGY, fraction);
    }

    /** The same kind with another value. */
    public Target withValue(double v) {
        return new Target(kind, v);
    }
}
