package io.github.dl4jpruning.graph;

import java.util.Arrays;

/**
 * The part of one parameter array that belongs to the units of a {@link PruningGroup}: along dimension {@link #dim}
 * of the parameter's {@link #layout} (the shape the layer reads its c-order values in, see {@link ParamLayout}), unit {@code u} (for {@code unitFrom <= u < unitTo}) owns the indices
 *
 * <pre>
 *   offset + u' * unitStride + r * repeatStride + k     for r in [0, repeats), k in [0, span), u' = u - unitFrom
 * </pre>
 *
 * Examples: a Dense W column {@code (offset 0, unitStride 1, span 1, repeats 1)}; an LSTM's four gate columns
 * {@code (0, 1, 1, 4, n)}; the nIn rows of a Dense after an NCHW flatten of {@code area} positions
 * {@code (offset * area, area, area, 1, 0)}; a consumer after a MergeVertex {@code (offset, 1, 1, 1, 0)}.
 *
 * <pre>{@code
 * for (ParamSlice s : group.slices()) {
 *     int[] rows = s.indices(3);            // what unit 3 owns along s.dim() of s.paramKey()
 *     s.zeroUnit(mask, 3);                  // mask: c-order flattening of the whole parameter
 * }
 * }</pre>
 *
 * @param layer        the layer (vertex) name: an index ("0") in a MultiLayerNetwork, a vertex name in a graph
 * @param paramKey     the layer's parameter key: W, b, RW, pW, gamma, beta, mean, var, log10stdev
 * @param fullKey      the network's parameter key, e.g. {@code "0_W"} or {@code "conv1_W"}
 * @param shape        the parameter's shape (its view's, as {@code INDArray.shape()} and the masks have it)
 * @param dim          the dimension of {@link #layout} the indices run along
 * @param role         producer output, consumer input or per-channel
 * @param unitFrom     first unit of the group this slice covers
 * @param unitTo       one past the last unit covered
 * @param offset       index of unit {@code unitFrom}'s first element along {@code dim}
 * @param unitStride   distance between consecutive units
 * @param span         contiguous elements per unit and repeat
 * @param repeats      how many times the block repeats (4 for LSTM gates)
 * @param repeatStride distance between repeats
 * @param layout       the shape whose c-order indexing is how the layer reads the parameter's values
 *                     ({@link ParamLayout}); equal to {@code shape} except for a Conv1D's W
 */
public record ParamSlice(String layer, String paramKey, String fullKey, long[] shape, int dim, SliceRole role,
                         int unitFrom, int unitTo, int offset, int unitStride, int span, int repeats,
                         int repeatStride, long[] layout) {

    /**
     * Checks the slice's numbers.
     *
     * @throws IllegalArgumentException if the dimension is outside the layout, the layout's size is not the shape's,
     *                                  or a count is not positive
     */
    public ParamSlice {
        if (dim < 0 || dim >= layout.length) {
            throw new IllegalArgumentException("slice of '" + fullKey + "': dim " + dim + " outside layout "
                    + Arrays.toString(layout));
        }
        if (product(layout) != product(shape)) {
            throw new IllegalArgumentException("slice of '" + fullKey + "': layout " + Arrays.toString(layout)
                    + " does not have the " + product(shape) + " elements of shape " + Arrays.toString(shape));
        }
        if (unitTo <= unitFrom || span < 1 || repeats < 1 || unitStride < 0 || offset < 0) {
            throw new IllegalArgumentException("slice of '" + fullKey + "': units [" + unitFrom + ", " + unitTo
                    + "), offset " + offset + ", unitStride " + unitStride + ", span " + span + ", repeats "
                    + repeats + "; expected a non-empty unit range and positive counts");
        }
        shape = shape.clone();
        layout = layout.clone();
    }

    /** The parameter's shape (its view's): a copy. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape the layer reads the parameter's c-order values in, along which {@link #dim} runs: a copy. */
    @Override
    public long[] layout() {
        return layout.clone();
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** Whether this slice covers unit {@code u} of its group. */
    public boolean covers(int u) {
        return u >= unitFrom && u < unitTo;
    }

    /**
     * The indices along {@link #dim} that unit {@code u} owns, in increasing order for every slice this graph builds.
     *
     * @throws IllegalArgumentException if the slice does not cover {@code u}
     */
    public int[] indices(int u) {
        if (!covers(u)) {
            throw new IllegalArgumentException("unit " + u + " is outside the slice's units [" + unitFrom + ", "
                    + unitTo + ") of '" + fullKey + "'");
        }
        int[] out = new int[repeats * span];
        int base = offset + (u - unitFrom) * unitStride;
        int n = 0;
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < span; k++) {
                out[n++] = base + r * repeatStride + k;
            }
        }
        return out;
    }

    /**
     * Whether masks are written for this slice: not for BatchNormalization's running statistics (mean, var,
     * log10stdev), which gradients do not train; a pruned channel is silenced by its gamma and beta.
     */
    public boolean maskable() {
        return !(paramKey.equals("mean") || paramKey.equals("var") || paramKey.equals("log10stdev"));
    }

    /** Number of elements of the whole parameter. */
    public int length() {
        return Math.toIntExact(product(shape));
    }

    /**
     * Sets to 0 every element that unit {@code u} owns in {@code flat}, a c-order flattening of the parameter (the
     * view's c order, which is the layout's).
     *
     * @throws IllegalArgumentException if {@code flat} does not have the parameter's length or {@code u} is not covered
     */
    public void zeroUnit(double[] flat, int u) {
        if (flat.length != length()) {
            throw new IllegalArgumentException("mask of '" + fullKey + "' has " + flat.length + " values; expected "
                    + length() + " for shape " + Arrays.toString(shape));
        }
        int[] idx = indices(u);
        long inner = 1;
        for (int d = dim + 1; d < layout.length; d++) {
            inner *= layout[d];
        }
        long outer = 1;
        for (int d = 0; d < dim; d++) {
            outer *= layout[d];
        }
        long size = layout[dim];
        for (long o = 0; o < outer; o++) {
            for (int i : idx) {
                long base = (o * size + i) * inner;
                for (long k = 0; k < inner; k++) {
                    flat[(int) (base + k)] = 0;
                }
            }
        }
    }

    /**
     * The unit of this slice that flat (c-order) element {@code flatIndex} of the parameter belongs to, or -1.
     */
    public int unitOf(int flatIndex) {
        long inner = 1;
        for (int d = dim + 1; d < layout.length; d++) {
            inner *= layout[d];
        }
        int i = (int) ((flatIndex / inner) % layout[dim]) - offset;
        if (i < 0) {
            return -1;
        }
        int r = repeatStride > 0 ? Math.min(repeats - 1, i / repeatStride) : 0;
        int rest = i - r * repeatStride;
        int u = unitStride > 0 ? rest / unitStride : 0;
        int k = rest - u * unitStride;
        if (k < 0 || k >= span || u + unitFrom >= unitTo || unitStride == 0 && rest >= span) {
            return -1;
        }
        return u + unitFrom;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSlice s && fullKey.equals(s.fullKey) && dim == s.dim && role == s.role
                && unitFrom == s.unitFrom && unitTo == s.unitTo && offset == s.offset && unitStride == s.unitStride
                && span == s.span && repeats == s.repeats && repeatStride == s.repeatStride
                && Arrays.equals(layout, s.layout);
    }

    @Override
    public int hashCode() {
        return fullKey.hashCode() * 31 + offset * 7 + dim;
    }

    @Override
    public String toString() {
        return role + " " + fullKey + Arrays.toString(shape)
                + (Arrays.equals(shape, layout) ? "" : " read as " + Arrays.toString(layout)) + " dim " + dim + " units [" + unitFrom + "," + unitTo
                + ") at " + offset + (unitStride != 1 ? " stride " + unitStride : "") + (span != 1 ? " span " + span : "")
                + (repeats != 1 ? " x" + repeats + " every " + repeatStride : "");
    }
}
