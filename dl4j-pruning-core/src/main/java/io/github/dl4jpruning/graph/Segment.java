package io.github.dl4jpruning.graph;

/**
 * Where the units {@code [unitFrom, unitTo)} of one group sit along the channel (or feature) axis of an activation,
 * in the index form of {@link ParamSlice}. Activations are lists of segments; positions no group owns are gaps.
 */
record Segment(int group, int unitFrom, int unitTo, int offset, int unitStride, int span, int repeats,
               int repeatStride) {

    /** A group's own output: unit u at position u. */
    static Segment plain(int group, int units) {
        return new Segment(group, 0, units, 0, 1, 1, 1, 0);
    }

    Segment withGroup(int g) {
        return new Segment(g, unitFrom, unitTo, offset, unitStride, span, repeats, repeatStride);
    }

    Segment shifted(int by) {
        return new Segment(group, unitFrom, unitTo, offset + by, unitStride, span, repeats, repeatStride);
    }

    /** Every position scaled by {@code k}, each spread over {@code k} consecutive ones (channel-major flatten, depthwise). */
    Segment scaled(int k) {
        return new Segment(group, unitFrom, unitTo, offset * k, unitStride * k, span * k, repeats, repeatStride * k);
    }

    /** Whether this segment has the same layout as another (group aside). */
    boolean sameLayout(Segment o) {
        return unitFrom == o.unitFrom && unitTo == o.unitTo && offset == o.offset && unitStride == o.unitStride
                && span == o.span && repeats == o.repeats && repeatStride == o.repeatStride;
    }

    /** Whether units sit one per position ({@code offset + u}). */
    boolean simple() {
        return unitStride == 1 && span == 1 && repeats == 1;
    }

    /** One past the highest position this segment touches. */
    long end() {
        return offset + (long) (unitTo - unitFrom - 1) * unitStride + (long) (repeats - 1) * repeatStride + span;
    }

    ParamSlice slice(String layer, String key, String fullKey, long[] shape, long[] layout, int dim, SliceRole role) {
        return new ParamSlice(layer, key, fullKey, shape, dim, role, unitFrom, unitTo, offset, unitStride, span,
                repeats, repeatStride, layout);
    }
}
