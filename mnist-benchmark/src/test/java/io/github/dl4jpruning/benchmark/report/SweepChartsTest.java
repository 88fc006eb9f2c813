package io.github.dl4jpruning.benchmark.report;

import io.github.dl4jpruning.benchmark.results.RunResult;
import io.github.dl4jpruning.benchmark.harness.RunTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SweepChartsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path dir;

    /** A synthetic sweep row; accuracy and sparsity as fractions. */
    static RunResult row(String criterion, String schedule, String kind, double target, int seeds, double sparsity,
                         double accuracy, double std, double energyReduction) {
        double dense = 2.0e6;
        return new RunResult(criterion, schedule, new RunTarget(kind, target), seeds, sparsity,
                "agp".equals(schedule) ? Double.NaN : accuracy - 0.05, accuracy, std, dense,
                dense * (1 - energyReduction), 101_632, Math.round(101_632 * (1 - sparsity)),
                Math.round(101_770 * (1 - sparsity)), energyReduction, List.of(accuracy), List.of(1L), seeds > 1,
                3.5, 42.0);
    }

    /** Every criterion and schedule at every sparsity target, random collapsing at high sparsity. */
    static List<RunResult> sweep() {
        List<RunResult> runs = new ArrayList<>();
        String[] criteria = {"random", "magnitude", "activation-weighted", "seed-energy", "energy-aware"};
        double[] targets = {0.5, 0.8, 0.9, 0.95, 0.98};
        for (int c = 0; c < criteria.length; c++) {
            for (String schedule : new String[]{"one-shot", "agp"}) {
                double bonus = "agp".equals(schedule) ? 0.001 : 0;
                for (double t : targets) {
                    runs.add(row(criteria[c], schedule, "sparsity", t, 1, t, accuracy(c, t) + bonus, 0,
                            Math.min(0.999, t + 0.01 * c)));
                }
                for (double t : new double[]{0.5, 0.8, 0.9}) {
                    double sparsity = t - 0.01 * c;
                    runs.add(row(criteria[c], schedule, "energy", t, 1, sparsity, accuracy(c, sparsity) + bonus, 0, t));
                }
            }
        }
        runs.add(row("energy-aware", "agp", "sparsity", 0.9, 3, 0.9, 0.979, 0.0015, 0.91));
        return runs;
    }

    /** Criterion {@code c}'s accuracy at a sparsity: random collapses, the others lose more the earlier they are. */
    private static double accuracy(int c, double sparsity) {
        double loss = c == 0 ? Math.pow(sparsity, 6) * 0.8 : Math.pow(sparsity, 3) * 0.02 / c;
        return 0.981 - loss;
    }

    @Test
    void writesBothChartsAsPngFilesOfTheChartSize() throws IOException {
        List<Path> written = SweepCharts.write(dir, sweep(), 0.981, 0.983);

        assertThat(written).containsExactly(dir.resolve(SweepCharts.ACCURACY_VS_SPARSITY),
                dir.resolve(SweepCharts.ACCURACY_VS_ENERGY));
        for (Path png : written) {
            assertIsPng(png);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").hasSize(2);
        }
    }

    @Test
    void rowsWithNaN_areSkipped_andTheRestIsDrawn() throws IOException {
        List<RunResult> runs = new ArrayList<>(sweep().subList(0, 4));
        runs.add(row("magnitude", "agp", "sparsity", 0.9, 1, Double.NaN, 0.97, 0, 0.9));
        runs.add(row("magnitude", "agp", "sparsity", 0.95, 1, 0.95, Double.NaN, 0, 0.95));
        runs.add(row("magnitude", "agp", "energy", 0.8, 3, 0.8, 0.975, Double.NaN, Double.NaN));

        List<Path> written = SweepCharts.write(dir, runs, Double.NaN, 0.98);

        assertThat(written).hasSize(2);
        written.forEach(SweepChartsTest::assertIsPng);
    }

    @Test
    void nanRows_areNotPlotted() {
        List<RunResult> runs = List.of(
                row("magnitude", "agp", "sparsity", 0.8, 1, 0.8, 0.975, 0, 0.8),
                row("magnitude", "agp", "sparsity", 0.9, 1, Double.NaN, 0.97, 0, 0.9),
                row("magnitude", "agp", "sparsity", 0.95, 1, 0.95, Double.NaN, 0, 0.95));

        XYChart sparsity = SweepCharts.charts(runs, 0.98, 0.98).get(SweepCharts.ACCURACY_VS_SPARSITY);

        XYSeries line = sparsity.getSeriesMap().get("magnitude agp");
        assertThat(line.getXData()).containsExactly(80.0);
        assertThat(line.getYData()).containsExactly(97.5);
    }

    @Test
    void collapsedCriterion_isCutOffTheAxis_andSaysSo() {
        Map<String, XYChart> charts = SweepCharts.charts(sweep(), 0.981, 0.983);
        XYChart sparsity = charts.get(SweepCharts.ACCURACY_VS_SPARSITY);

        assertThat(sparsity.getStyler().getYAxisMin()).isGreaterThanOrEqualTo(SweepCharts.CLIP_FLOOR_PERCENT)
                .isLessThanOrEqualTo(96.0);   // magnitude at 98% sparsity (96.2%) stays visible
        assertThat(sparsity.getTitle()).contains("axis cut at", "8 points below");
        assertThat(sparsity.getSeriesMap()).containsKeys("random agp (4 below axis)", "random one-shot (4 below axis)",
                "energy-aware agp", "dense 98.10%", "dense, same epochs 98.30%");
        assertThat(charts.get(SweepCharts.ACCURACY_VS_ENERGY).getSeriesMap()).containsKeys("energy-aware",
                "magnitude");
    }

    @Test
    void headlineRow_replacesItsSingleSeedTwin_andCarriesErrorBars() {
        XYChart sparsity = SweepCharts.charts(sweep(), 0.981, 0.983).get(SweepCharts.ACCURACY_VS_SPARSITY);

        XYSeries line = sparsity.getSeriesMap().get("energy-aware agp");
        assertThat(line.getXData()).hasSize(5);
        assertThat(line.getExtraValues()[2]).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void onlyNaNRows_writeNothing() throws IOException {
        List<RunResult> runs = List.of(row("magnitude", "agp", "sparsity", 0.9, 1, 0.9, Double.NaN, 0, 0.9));

        assertThat(SweepCharts.write(dir, runs, 0.98, 0.98)).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void energyTargetsOnly_writeOnlyTheEnergyChart() throws IOException {
        List<RunResult> runs = List.of(row("energy-aware", "agp", "energy", 0.8, 1, 0.75, 0.97, 0, 0.8));

        assertThat(SweepCharts.write(dir, runs, 0.98, 0.98))
                .containsExactly(dir.resolve(SweepCharts.ACCURACY_VS_ENERGY));
    }

    @Test
    void emptyRunList_writesNoChart() throws IOException {
        assertThat(SweepCharts.write(dir.resolve("out"), List.of(), 0.98, 0.98)).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    static void assertIsPng(Path png) {
        try {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).as(png + " signature").isEqualTo(PNG_SIGNATURE);
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png + " decodes").isNotNull();
            assertThat(image.getWidth()).isEqualTo(SweepCharts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(SweepCharts.HEIGHT);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
