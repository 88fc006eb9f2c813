package io.github.dl4jpruning.benchmark.compaction;

import java.util.List;

/**
 * The {@code runtime} block of {@code benchmark.json}: DL4J's {@code output()} against the plain-Java runtime
 * ({@code dl4j-pruning-runtime}) on the same networks, timed interleaved in one run on one thread. The first four
 * names are fixed by issue 14, tools read them.
 *
 * @param sparse90Batch1SpeedupVsDl4j   DL4J dense 784-128-10 time / runtime time of the same network at 90%
 *                                      unstructured sparsity (sparse kernels), batch 1; target >= 5
 * @param compactBatch1SpeedupVsDl4j    DL4J time / runtime time of the compacted 784-26-10, batch 1; target >= 4
 * @param batch128RatioVsDl4j           runtime time / DL4J time at batch 128, the worst of the three networks
 *                                      (sparse 90%, compacted MLP, compacted LeNet); target <= 1.10
 * @param maxAbsOutputDiff              largest |DL4J - runtime| over every network's outputs on the timed batches
 * @param sparse90VsRuntimeDenseBatch1  runtime dense kernel time / runtime sparse kernel time, batch 1; target > 1
 * @param lenetMacRatio                 MACs of the LeNet-style CNN before / after removing half its filters
 * @param lenetRuntimeSpeedupBatch1     runtime time of the dense CNN / of the compacted one, batch 1
 * @param lenetSpeedupOverMacRatio      {@code lenetRuntimeSpeedupBatch1 / lenetMacRatio}; target >= 0.8
 * @param trainExamples                 MNIST training images the networks were trained on
 * @param epochs                        epochs of dense training (pruned networks retrain one more)
 * @param rows                          every timing: network, engine, batch, median and quartiles
 */
public record RuntimeMeasurement(double sparse90Batch1SpeedupVsDl4j, double compactBatch1SpeedupVsDl4j,
                                 double batch128RatioVsDl4j, double maxAbsOutputDiff,
                                 double sparse90VsRuntimeDenseBatch1, double lenetMacRatio,
                                 double lenetRuntimeSpeedupBatch1, double lenetSpeedupOverMacRatio,
                                 int trainExamples, int epochs, List<Row> rows) {

    public RuntimeMeasurement {
        rows = List.copyOf(rows);
    }

    /**
     * One timing.
     *
     * @param network      e.g. {@code 784-128-10 sparse90}
     * @param engine       {@code dl4j} or {@code runtime}
     * @param kernel       the runtime's kernels, or {@code nd4j}
     * @param batch        rows per call
     * @param macs         multiply-accumulates per example the engine does (non-zeros for the runtime's sparse
     *                     kernels, all weights for DL4J and dense kernels)
     * @param medianMicros median time per call, microseconds
     * @param p25Micros    first quartile
     * @param p75Micros    third quartile
     */
    public record Row(String network, String engine, String kernel, int batch, long macs, double medianMicros,
                      double p25Micros, double p75Micros) {
    }
}
