package io.github.dl4jpruning.runtime;

/**
 * How a {@link RuntimeModel} picks the kernel of each fully connected layer when it is built or loaded.
 *
 * <pre>{@code
 * RuntimeModel m = RuntimeModel.load(file, KernelPolicy.AUTO);     // the cost model (default)
 * RuntimeModel dense = RuntimeModel.load(file, KernelPolicy.DENSE); // e.g. to measure what sparsity buys
 * }</pre>
 */
public enum KernelPolicy {
    /** Per layer and batch class, the kernel the {@link CostModel} predicts to be faster. */
    AUTO,
    /** Always the dense kernel (the zeros are multiplied). */
    DENSE,
    /** Always the sparse kernel. */
    SPARSE
}
