package io.github.dl4jpruning.benchmark.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dl4jpruning.benchmark.harness.BenchmarkConfig;
import io.github.dl4jpruning.benchmark.harness.ScenarioContext;
import io.github.dl4jpruning.benchmark.io.ResultsWriter;
import io.github.dl4jpruning.benchmark.report.BenchmarkMarkdown;
import io.github.dl4jpruning.benchmark.results.BenchmarkResults;
import io.github.dl4jpruning.benchmark.zoo.ZooEntry;
import io.github.dl4jpruning.benchmark.zoo.ZooModels;
import io.github.dl4jpruning.benchmark.zoo.ZooRow;
import io.github.dl4jpruning.benchmark.zoo.ZooRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.zoo.model.AlexNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zoo scenario on the quick set of the catalogue (LeNet, SimpleCNN, TextGenerationLSTM) and one architecture that
 * cannot be built (AlexNet
 * for an 8x8 image: its first pooling layer gets no input), through the scenario itself and the JSON it produces.
 */
class ZooScenarioTest {

    /** AlexNet's strided 11x11 convolution leaves nothing for its first dense layer (ffn1) to read at 8x8. */
    private static final ZooEntry UNBUILDABLE = new ZooEntry("AlexNet-8x8", new long[] {3, 8, 8}, true,
            () -> AlexNet.builder().inputShape(new int[] {3, 8, 8}).numClasses(10).build().init());

    private static BenchmarkResults results;
    private static String console;

    @BeforeAll
    static void runScenario() throws Exception {
        List<ZooEntry> entries = new ArrayList<>(ZooModels.all().stream()
                .filter(e -> e.name().equals("LeNet") || e.name().equals("SimpleCNN")
                        || e.name().equals("TextGenerationLSTM")).toList());
        entries.add(1, UNBUILDABLE);
        BenchmarkConfig config = new BenchmarkConfig("zoo", 1, "unused", null, 12345, true, 128, 0, 0, 1, 1, 1,
                "horowitz45nm-fp32");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        results = new ZooScenario(entries).run(new ScenarioContext(config, null,
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        console = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyArchitectureBecomesARowInOrderAndTheFailingOneSaysWhy() {
        assertThat(results.zoo()).extracting(ZooRow::model).containsExactly("LeNet", "AlexNet-8x8", "SimpleCNN",
                "TextGenerationLSTM");
        ZooRow broken = results.zoo().get(1);
        assertThat(broken.reason()).startsWith("build: ").contains("ffn1").contains(" at ");
        assertThat(broken.unstructuredOk()).isFalse();
        assertThat(broken.structuredOk()).isFalse();
        assertThat(broken.compactedOk()).isFalse();
        assertThat(broken.paramsBefore()).isNull();
        assertThat(console).contains("zoo AlexNet-8x8 (3x8x8)").contains("ffn1");
        assertThat(results.zooRun().models()).isEqualTo(4);
    }

    @Test
    void theSmallModelsArePrunedWithoutAFailureAndTheirFiguresAgree() {
        for (ZooRow r : List.of(results.zoo().get(0), results.zoo().get(2))) {
            assertThat(r.paramsBefore()).as(r.model()).isPositive();
            assertThat(r.macsBefore()).as(r.model()).isPositive();
            assertThat(r.unstructuredOk()).as(r.model()).isTrue();
            if (r.structuredOk()) {
                assertThat(r.stepSeconds()).as(r.model()).isNotNull();
                assertThat(r.layersEmptied()).as(r.model()).isNotNull();
            }
            if (r.compactedOk()) {
                assertThat(r.maxAbsOutputDiff()).as(r.model()).isLessThanOrEqualTo(1e-4);
                assertThat(r.paramsAfter()).as(r.model()).isLessThan(r.paramsBefore());
                assertThat(r.macsAfter()).as(r.model()).isLessThan(r.macsBefore());
            }
            boolean allOk = r.unstructuredOk() && r.structuredOk() && r.compactedOk() && r.restoredOk()
                    && Integer.valueOf(0).equals(r.layersEmptied());
            assertThat(r.reason() == null).as(r.model() + ": " + r.reason()).isEqualTo(allOk);
        }
    }

    @Test
    void theSequenceModelIsBuiltAndEitherPassesOrNamesTheLayerTheCoreRefused() {
        ZooRow lstm = results.zoo().get(3);
        assertThat(lstm.paramsBefore()).isPositive();
        if (lstm.reason() != null) {
            assertThat(lstm.reason()).containsIgnoringCase("LSTM");
            assertThat(lstm.macsBefore()).as("MACs of a network the core reports nothing on").isNull();
        } else {
            assertThat(lstm.structuredOk() && lstm.compactedOk() && lstm.restoredOk()).isTrue();
        }
    }

    @Test
    void theJsonBlockUsesTheIssuesNamesInOrder() {
        JsonNode json = ResultsWriter.mapper().valueToTree(results);
        JsonNode zoo = json.path(BenchmarkResults.ZOO);
        assertThat(zoo.isArray()).isTrue();
        for (JsonNode row : zoo) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            assertThat(names.subList(0, ZooRow.FIXED_NAMES.size())).isEqualTo(ZooRow.FIXED_NAMES);
            assertThat(names.subList(ZooRow.FIXED_NAMES.size(), names.size())).containsExactly("input", "restoredOk");
        }
        assertThat(zoo.get(1).get("reason").asText()).contains("ffn1");
        assertThat(zoo.get(1).get("paramsBefore").isNull()).isTrue();
        assertThat(json.path(BenchmarkResults.ZOO_RUN).path("peakHeapMiB").asLong()).isPositive();
    }

    @Test
    void theReportHasOneTableRowPerArchitecture() {
        String md = BenchmarkMarkdown.render(ResultsWriter.mapper().valueToTree(results));
        assertThat(md).contains("## Zoo architectures");
        assertThat(md.lines().filter(l -> l.startsWith("| LeNet | 1x1x1 |")
                || l.startsWith("| AlexNet-8x8 | 3x8x8 |") || l.startsWith("| SimpleCNN | 3x1x1 |")
                || l.startsWith("| TextGenerationLSTM | 47 features x 1 step |"))).hasSize(4);
        assertThat(md).contains("ffn1");
    }

    @Test
    void theTolerancesAreTheIssues() {
        assertThat(ZooRunner.SPARSITY).isEqualTo(0.5);
        assertThat(ZooRunner.OUTPUT_TOLERANCE).isEqualTo(1e-4);
    }
}
