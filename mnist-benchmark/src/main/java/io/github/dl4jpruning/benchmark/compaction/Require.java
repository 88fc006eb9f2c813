package io.github.dl4jpruning.benchmark.compaction;

/**
 * The experiments' builder checks in one place, so every setter names its bad value the same way.
 *
 * <pre>{@code
 * this.denseEpochs = Require.atLeast("denseEpochs", n, 1);   // "denseEpochs must be >= 1, got 0"
 * }</pre>
 */
final class Require {

    private Require() {
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code what}, the bound and the value, if {@code value < min}
     */
    static int atLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", got " + value);
        }
        return value;
    }
}
