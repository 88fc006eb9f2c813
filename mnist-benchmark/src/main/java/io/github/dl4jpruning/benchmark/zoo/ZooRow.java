package io.github.dl4jpruning.benchmark.zoo;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One architecture's row of the zoo scenario, as written to {@code benchmark.json} under {@code zoo}. The first
 * twelve names are fixed by issue 11 (tools read them); {@code input} and {@code restoredOk} follow them. A figure
 * that was not measured (its stage failed or did not run) is {@code null}, and {@code reason} says why.
 *
 * <pre>{@code
 * ZooRow row = new ZooRunner(12345, workDir).run(entry);
 * if (row.reason() != null) { log.warn("{}: {}", row.model(), row.reason()); }
 * }</pre>
 *
 * @param model            the architecture, e.g. {@code VGG16}
 * @param paramsBefore     parameters of the network as built
 * @param paramsAfter      parameters of the compacted network ({@code null} without compaction)
 * @param macsBefore       multiply-accumulates per inference of the network as built, from the core's
 *                         {@code PruningReport} (the layers it reports on)
 * @param macsAfter        the same of the compacted network ({@code null} without compaction)
 * @param unstructuredOk   50% of the weights pruned by global ranking, and the weight sparsity reached
 * @param structuredOk     50% of the units (neurons, filters) pruned by global ranking, and the unit sparsity reached
 * @param compactedOk      the structurally pruned network compacted, and its outputs equal the masked network's
 *                         (max absolute difference at most {@value ZooRunner#OUTPUT_TOLERANCE} times the largest
 *                         output magnitude, or that absolute value below 1)
 * @param layersEmptied    prunable layers left with no unit after structured pruning (must be 0); {@code null}
 *                         without structured pruning
 * @param maxAbsOutputDiff largest |masked output - compacted output| on a random input
 * @param stepSeconds      wall time of the structured pruning step (score, select, mask), as the core's event
 *                         reports it
 * @param reason           each stage that failed, with the exception class and message; {@code null} when all passed
 * @param input            the input the network was built for, e.g. {@code 3x32x32}
 * @param restoredOk       the structurally pruned network saved with {@code PrunedModelSerializer} and restored with
 *                         equal masks and parameters
 */
@JsonPropertyOrder({"model", "paramsBefore", "paramsAfter", "macsBefore", "macsAfter", "unstructuredOk",
        "structuredOk", "compactedOk", "layersEmptied", "maxAbsOutputDiff", "stepSeconds", "reason", "input",
        "restoredOk"})
public record ZooRow(String model, Long paramsBefore, Long paramsAfter, Long macsBefore, Long macsAfter,
                     boolean unstructuredOk, boolean structuredOk, boolean compactedOk, Integer layersEmptied,
                     Double maxAbsOutputDiff, Double stepSeconds, String reason, String input, boolean restoredOk) {

    /** The names issue 11 fixes, in order. */
    public static final java.util.List<String> FIXED_NAMES = java.util.List.of("model", "paramsBefore", "paramsAfter",
            "macsBefore", "macsAfter", "unstructuredOk", "structuredOk", "compactedOk", "layersEmptied",
            "maxAbsOutputDiff", "stepSeconds", "reason");
}
