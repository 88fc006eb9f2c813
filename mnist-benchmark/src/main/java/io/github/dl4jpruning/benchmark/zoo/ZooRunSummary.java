package io.github.dl4jpruning.benchmark.zoo;

/**
 * How a zoo run went as a whole, written to {@code benchmark.json} under {@code zooRun}.
 *
 * @param seconds          wall time of all architectures, s
 * @param models           architectures run
 * @param structuredAndCompacted architectures pruned structurally and compacted with equal outputs
 * @param peakHeapMiB      largest Java heap use (sum of the heap pools' peaks), MiB
 * @param maxHeapMiB       the JVM's heap limit, MiB
 * @param peakPhysicalMiB  largest physical memory of the process seen between stages (heap plus ND4J's native
 *                         arrays), MiB
 */
public record ZooRunSummary(double seconds, int models, int structuredAndCompacted, long peakHeapMiB,
                            long maxHeapMiB, long peakPhysicalMiB) {
}
