package io.github.dl4jpruning.benchmark.harness;

/**
 * One configuration of the sweep: a criterion, a schedule and a target.
 *
 * @param criterion a name {@link io.github.dl4jpruning.criteria.Criteria#byName(String)} knows
 * @param schedule  {@code one-shot} or {@code agp}
 * @param target    the target
 */
public record RowSpec(String criterion, String schedule, RunTarget target) {

    /** The one-shot schedule: prune the trained network once, evaluate, then retrain with the masks held. */
    public static final String ONE_SHOT = "one-shot";
    /** Zhu and Gupta's automated gradual pruning, cubic, during the retraining epochs. */
    public static final String AGP = "agp";

    public RowSpec {
        io.github.dl4jpruning.criteria.Criteria.byName(criterion);
        if (!ONE_SHOT.equals(schedule) && !AGP.equals(schedule)) {
            throw new IllegalArgumentException("schedule must be '" + ONE_SHOT + "' or '" + AGP + "', got '"
                    + schedule + "'");
        }
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
    }

    /** {@code energy-aware agp 90% sparsity}. */
    public String label() {
        return criterion + " " + schedule + " " + target.label();
    }
}
