package io.github.dl4jpruning.benchmark.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.dl4jpruning.benchmark.compaction.CompactionMeasurement;
import io.github.dl4jpruning.benchmark.compaction.RuntimeMeasurement;
import io.github.dl4jpruning.benchmark.compaction.ResNetMeasurement;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.harness.Overhead;
import io.github.dl4jpruning.benchmark.harness.PruneStepTiming;
import io.github.dl4jpruning.benchmark.zoo.ZooRow;
import io.github.dl4jpruning.benchmark.zoo.ZooRunSummary;
import io.github.dl4jpruning.benchmark.jmh.StepScaling;

import java.util.List;

/**
 * Everything one run writes to {@code benchmark.json}, in file order: the one record the scenarios return, the JSON
 * writer serialises, and the Markdown report and the charts read ({@link ResultsJson}). A section a scenario did not
 * measure is {@code null} and left out of the file. The section names are the constants below; tools read them, so
 * they do not change (add new sections freely).
 *
 * <pre>{@code
 * return BenchmarkResults.builder().dense(dense).runs(rows).build();   // in a Scenario
 * ResultsWriter.writeJson(out, results.withRun(config, DataSection.of(files)));
 * }</pre>
 *
 * @param config          the resolved options
 * @param data            where MNIST came from
 * @param dense           the dense baseline: one network ({@link DenseResult}) or the mean over seeds
 *                        ({@link DenseSeeds})
 * @param denseSameEpochs the dense network trained as many epochs as the pruned ones, the fair control
 * @param seed            the source document's experiment
 * @param runs            the sweep's rows
 * @param overhead        the training overhead of the pruning callback
 * @param pruneStepMillis median wall time of one pruning step, ms
 * @param pruneStep       how {@code pruneStepMillis} was measured
 * @param compaction      the structured run compacted into a smaller network
 * @param pruneStepScaling one pruning step's time by network size, in process ({@link StepScaling})
 * @param sweepSeconds    wall time of the whole sweep, s
 * @param runtime         DL4J against the plain-Java runtime (issue 14), {@link RuntimeMeasurement}
 * @param resnet          the ResNet-style CNN with BN and a residual add: filters pruned, compacted, timed
 * @param zoo             one row per {@code deeplearning4j-zoo} architecture (issue 11's names: {@link ZooRow})
 * @param zooRun          the zoo run as a whole: time and peak memory
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchmarkResults(@JsonProperty(CONFIG) BenchmarkConfig config,
                               @JsonProperty(DATA) DataSection data,
                               @JsonProperty(DENSE) DenseSection dense,
                               @JsonProperty(CONTROL) ControlResult denseSameEpochs,
                               @JsonProperty(SEED) SeedSection seed,
                               @JsonProperty(RUNS) List<RunResult> runs,
                               @JsonProperty(OVERHEAD) Overhead overhead,
                               @JsonProperty(PRUNE_STEP_MILLIS) Double pruneStepMillis,
                               @JsonProperty(PRUNE_STEP) PruneStepTiming pruneStep,
                               @JsonProperty(COMPACTION) CompactionMeasurement compaction,
                               @JsonProperty(SWEEP_SECONDS) Double sweepSeconds,
                               @JsonProperty(RUNTIME) RuntimeMeasurement runtime,
                               @JsonProperty(RESNET) ResNetMeasurement resnet,
                               @JsonProperty(ZOO) List<ZooRow> zoo,
                               @JsonProperty(ZOO_RUN) ZooRunSummary zooRun,
                               @JsonProperty(PRUNE_STEP_SCALING) List<StepScaling> pruneStepScaling) {

    public static final String CONFIG = "config";
    public static final String DATA = "data";
    public static final String DENSE = "dense";
    public static final String CONTROL = "denseSameEpochs";
    public static final String SEED = "seed";
    public static final String RUNS = "runs";
    public static final String OVERHEAD = "overhead";
    public static final String PRUNE_STEP_MILLIS = "pruneStepMillis";
    public static final String PRUNE_STEP = "pruneStep";
    public static final String COMPACTION = "compaction";
    public static final String SWEEP_SECONDS = "sweepSeconds";
    public static final String PRUNE_STEP_SCALING = "pruneStepScaling";
    public static final String RUNTIME = "runtime";
    public static final String RESNET = "resnet";
    public static final String ZOO = "zoo";
    public static final String ZOO_RUN = "zooRun";

    /** The sections in file order, as the report expects them. */
    public static final List<String> SECTIONS = List.of(CONFIG, DATA, DENSE, CONTROL, SEED, RUNS, OVERHEAD,
            PRUNE_STEP_MILLIS, PRUNE_STEP, COMPACTION, SWEEP_SECONDS, RUNTIME, RESNET, ZOO, ZOO_RUN, PRUNE_STEP_SCALING);

    public BenchmarkResults {
        runs = runs == null ? null : List.copyOf(runs);
        zoo = zoo == null ? null : List.copyOf(zoo);
        pruneStepScaling = pruneStepScaling == null ? null : List.copyOf(pruneStepScaling);
    }

    /** These results with the run's {@code config} and {@code data} sections, which the CLI knows and scenarios do not. */
    public BenchmarkResults withRun(BenchmarkConfig config, DataSection data) {
        return new BenchmarkResults(config, data, dense, denseSameEpochs, seed, runs, overhead, pruneStepMillis,
                pruneStep, compaction, sweepSeconds, runtime, resnet, zoo, zooRun, pruneStepScaling);
    }

    /** An empty builder: every section absent. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sets the sections a scenario measured; the others stay absent. */
    public static final class Builder {
        private DenseSection dense;
        private ControlResult denseSameEpochs;
        private SeedSection seed;
        private List<RunResult> runs;
        private Overhead overhead;
        private PruneStepTiming pruneStep;
        private CompactionMeasurement compaction;
        private Double sweepSeconds;
        private RuntimeMeasurement runtime;
        private ResNetMeasurement resnet;
        private List<ZooRow> zoo;
        private ZooRunSummary zooRun;
        private List<StepScaling> pruneStepScaling;

        private Builder() {
        }

        public Builder dense(DenseSection dense) {
            this.dense = dense;
            return this;
        }

        public Builder denseSameEpochs(ControlResult control) {
            this.denseSameEpochs = control;
            return this;
        }

        public Builder seed(SeedSection seed) {
            this.seed = seed;
            return this;
        }

        public Builder runs(List<RunResult> runs) {
            this.runs = runs;
            return this;
        }

        public Builder overhead(Overhead overhead) {
            this.overhead = overhead;
            return this;
        }

        /** Also sets {@code pruneStepMillis} to the timing's median. */
        public Builder pruneStep(PruneStepTiming step) {
            this.pruneStep = step;
            return this;
        }

        public Builder compaction(CompactionMeasurement compaction) {
            this.compaction = compaction;
            return this;
        }

        public Builder sweepSeconds(double seconds) {
            this.sweepSeconds = seconds;
            return this;
        }

        public Builder runtime(RuntimeMeasurement runtime) {
            this.runtime = runtime;
            return this;
        }

        public Builder resnet(ResNetMeasurement resnet) {
            this.resnet = resnet;
            return this;
        }

        public Builder zoo(List<ZooRow> rows) {
            this.zoo = rows;
            return this;
        }

        public Builder zooRun(ZooRunSummary summary) {
            this.zooRun = summary;
            return this;
        }

        public Builder pruneStepScaling(List<StepScaling> points) {
            this.pruneStepScaling = points;
            return this;
        }

        public BenchmarkResults build() {
            return new BenchmarkResults(null, null, dense, denseSameEpochs, seed, runs, overhead,
                    pruneStep == null ? null : pruneStep.medianMillis(), pruneStep, compaction, sweepSeconds, runtime, resnet,
                    zoo, zooRun, pruneStepScaling);
        }
    }
}
