package io.github.dl4jpruning.benchmark.report;

import io.github.dl4jpruning.benchmark.io.AtomicFiles;
import io.github.dl4jpruning.benchmark.results.RunResult;
import io.github.dl4jpruning.criteria.Criteria;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The sweep's two PNG charts: accuracy after retraining against achieved sparsity, one line per criterion and schedule
 * (colour and marker per criterion, solid for {@code agp}, dashed for {@code one-shot}), and against the estimated
 * energy saved, one line per criterion through the better schedule at each target. Both have the dense baseline and
 * the dense same-epochs control as horizontal reference lines, and error bars (one standard deviation over seeds)
 * where a row averages several seeds.
 *
 * <p>The accuracy axis starts near the lowest accuracy shown but never below 90% (or 5 points under the dense
 * accuracy when that is lower), so that one criterion's collapse does not flatten the others; lines with points below
 * the axis say how many in their legend entry and the title says where the axis was cut.
 *
 * <pre>
 * List&lt;Path&gt; pngs = SweepCharts.write(outDir, runs, dense.accuracy(), control.accuracy());
 * </pre>
 */
public final class SweepCharts {

    /** File name of the accuracy against achieved weight sparsity chart. */
    public static final String ACCURACY_VS_SPARSITY = "accuracy-vs-sparsity.png";
    /** File name of the accuracy against estimated energy reduction chart. */
    public static final String ACCURACY_VS_ENERGY = "accuracy-vs-energy.png";

    /** The accuracy axis is never cut higher than this, in percent. */
    static final double CLIP_FLOOR_PERCENT = 90;

    static final int WIDTH = 1000;
    static final int HEIGHT = 620;
    private static final List<String> CRITERIA = Criteria.compared();
    private static final Color[] COLORS = {new Color(0x9E9E9E), new Color(0x1F77B4), new Color(0x2CA02C),
            new Color(0xFF7F0E), new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B)};
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CROSS,
            SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.PLUS};

    static {
        // Rendering to a BufferedImage needs no display; without this a server JVM may try to open one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private SweepCharts() {
    }

    /**
     * Writes {@value #ACCURACY_VS_SPARSITY} (rows with a sparsity target) and {@value #ACCURACY_VS_ENERGY} (all
     * rows, the better schedule per criterion and target) into {@code outDir}, each atomically. Rows whose plotted
     * values are NaN are left out; a chart with no point left is not written. Where one (criterion, schedule, target)
     * appears more than once, the row with more seeds is drawn.
     *
     * @param outDir          created if needed
     * @param runs            the sweep's {@code runs[]}
     * @param denseAccuracy   test accuracy of the dense network, a fraction (NaN: no reference line)
     * @param controlAccuracy test accuracy of the dense network trained for as many epochs as the pruned ones, a
     *                        fraction (NaN: no reference line)
     * @return the files written, possibly none
     */
    public static List<Path> write(Path outDir, List<RunResult> runs, double denseAccuracy, double controlAccuracy)
            throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, XYChart> e : charts(runs, denseAccuracy, controlAccuracy).entrySet()) {
            Path target = outDir.resolve(e.getKey());
            AtomicFiles.write(target, BitmapEncoder.getBitmapBytes(e.getValue(), BitmapEncoder.BitmapFormat.PNG));
            written.add(target);
        }
        return written;
    }

    /** The charts that have at least one point, by file name. */
    static Map<String, XYChart> charts(List<RunResult> runs, double denseAccuracy, double controlAccuracy) {
        List<RunResult> rows = distinct(runs);
        Map<String, XYChart> charts = new LinkedHashMap<>();
        List<RunResult> sparsityRows = rows.stream()
                .filter(r -> r.target() != null && "sparsity".equals(r.target().kind())).toList();
        XYChart sparsity = chart("Accuracy vs weight sparsity", "achieved weight sparsity (%)", sparsityRows,
                SweepCharts::sparsityPercent, true, denseAccuracy, controlAccuracy);
        if (sparsity != null) {
            charts.put(ACCURACY_VS_SPARSITY, sparsity);
        }
        XYChart energy = chart("Accuracy vs energy saved, better schedule per target",
                "estimated energy per inference saved (%)", bestSchedule(rows, SweepCharts::energyPercent),
                SweepCharts::energyPercent, false, denseAccuracy, controlAccuracy);
        if (energy != null) {
            charts.put(ACCURACY_VS_ENERGY, energy);
        }
        return charts;
    }

    private static double sparsityPercent(RunResult r) {
        return 100 * r.achievedSparsity();
    }

    private static double energyPercent(RunResult r) {
        return 100 * r.energyReduction();
    }

    /**
     * Per (criterion, target), the plottable row with the higher accuracy after retraining: ten lines on one chart are
     * readable when they differ only in schedule (the sparsity chart), not when sparsity and energy targets interleave.
     */
    private static List<RunResult> bestSchedule(List<RunResult> rows, ToDoubleFunction<RunResult> x) {
        Map<String, RunResult> best = new LinkedHashMap<>();
        for (RunResult r : rows) {
            if (Double.isFinite(x.applyAsDouble(r)) && Double.isFinite(r.accuracyAfter())) {
                best.merge(r.criterion() + "|" + r.target(), r,
                        (a, b) -> b.accuracyAfter() > a.accuracyAfter() ? b : a);
            }
        }
        return new ArrayList<>(best.values());
    }

    /** One row per (criterion, schedule, target): the one with most seeds, i.e. the headline row if there is one. */
    private static List<RunResult> distinct(List<RunResult> runs) {
        Map<String, RunResult> byKey = new LinkedHashMap<>();
        for (RunResult r : runs) {
            String key = r.criterion() + "|" + r.schedule() + "|" + r.target();
            byKey.merge(key, r, (a, b) -> b.seeds() > a.seeds() ? b : a);
        }
        return new ArrayList<>(byKey.values());
    }

    private record Point(double x, double y, double std) {
    }

    /**
     * A line of the chart, drawn in the criterion's colour and marker: one per criterion and schedule, or per
     * criterion alone ({@code schedule} null).
     */
    private record Line(String criterion, String schedule) {
        String name() {
            return schedule == null ? criterion : criterion + " " + schedule;
        }
    }

    /** The chart, or null when no row has a finite x and accuracy. */
    private static XYChart chart(String title, String xTitle, List<RunResult> rows, ToDoubleFunction<RunResult> x,
                                 boolean bySchedule, double denseAccuracy, double controlAccuracy) {
        Map<Line, List<Point>> lines = new TreeMap<>(Comparator.comparingInt((Line l) -> criterionIndex(l.criterion()))
                .thenComparing(Line::criterion)
                .thenComparing(l -> "one-shot".equals(l.schedule()) ? 1 : 0)
                .thenComparing(l -> String.valueOf(l.schedule())));
        for (RunResult r : rows) {
            double px = x.applyAsDouble(r);
            double py = 100 * r.accuracyAfter();
            if (Double.isFinite(px) && Double.isFinite(py)) {
                double std = r.seeds() > 1 && Double.isFinite(r.accuracyAfterStd()) ? 100 * r.accuracyAfterStd() : 0;
                Line line = new Line(String.valueOf(r.criterion()), bySchedule ? String.valueOf(r.schedule()) : null);
                lines.computeIfAbsent(line, k -> new ArrayList<>()).add(new Point(px, py, std));
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        double dense = 100 * denseAccuracy;
        double control = 100 * controlAccuracy;
        double[] yRange = yRange(lines.values(), dense, control);
        double clip = yRange[0];

        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle("test accuracy after retraining (%)");
        style(chart, yRange);

        List<String> criteria = lines.keySet().stream().map(Line::criterion).distinct().toList();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        int below = 0;
        for (Map.Entry<Line, List<Point>> e : lines.entrySet()) {
            List<Point> points = e.getValue();
            points.sort(Comparator.comparingDouble(Point::x));
            double[] xs = points.stream().mapToDouble(Point::x).toArray();
            double[] ys = points.stream().mapToDouble(Point::y).toArray();
            double[] errs = points.stream().mapToDouble(Point::std).toArray();
            long under = points.stream().filter(p -> p.y() < clip).count();
            below += (int) under;
            String name = under == 0 ? e.getKey().name() : e.getKey().name() + " (" + under + " below axis)";
            boolean anyError = points.stream().anyMatch(p -> p.std() > 0);
            XYSeries s = anyError ? chart.addSeries(name, xs, ys, errs) : chart.addSeries(name, xs, ys);
            // Known criteria keep their colour from chart to chart; unknown ones follow in sorted order.
            int known = CRITERIA.indexOf(e.getKey().criterion());
            int style = known >= 0 ? known : CRITERIA.size() + criteria.indexOf(e.getKey().criterion())
                    - (int) criteria.stream().filter(CRITERIA::contains).count();
            Color color = COLORS[style % COLORS.length];
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(MARKERS[style % MARKERS.length]);
            s.setLineStyle("one-shot".equals(e.getKey().schedule()) ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            xMin = Math.min(xMin, xs[0]);
            xMax = Math.max(xMax, xs[xs.length - 1]);
        }
        reference(chart, "dense " + percent(dense), dense, xMin, xMax, Color.BLACK, SeriesLines.DOT_DOT);
        reference(chart, "dense, same epochs " + percent(control), control, xMin, xMax, new Color(0x17BECF),
                SeriesLines.DOT_DOT);
        chart.setTitle(below == 0 ? title
                : title + String.format(Locale.ROOT, " (axis cut at %.0f%%: %d point%s below)", clip, below,
                below == 1 ? "" : "s"));
        return chart;
    }

    /**
     * {@code [min, max]} of the accuracy axis, in percent: around everything shown, but the minimum is no lower than
     * the clip floor, 90% or 5 points under the lower reference line, whichever is lower.
     */
    private static double[] yRange(Iterable<List<Point>> series, double dense, double control) {
        double reference = Math.min(finiteOr(dense, Double.POSITIVE_INFINITY),
                finiteOr(control, Double.POSITIVE_INFINITY));
        double highest = Math.max(finiteOr(dense, Double.NEGATIVE_INFINITY),
                finiteOr(control, Double.NEGATIVE_INFINITY));
        for (List<Point> points : series) {
            for (Point p : points) {
                highest = Math.max(highest, p.y() + p.std());
            }
        }
        double floor = Double.isFinite(reference) ? Math.min(CLIP_FLOOR_PERCENT, reference - 5)
                : Math.min(CLIP_FLOOR_PERCENT, highest - 10);
        double lowest = reference;
        for (List<Point> points : series) {
            for (Point p : points) {
                if (p.y() >= floor) {
                    lowest = Math.min(lowest, p.y() - p.std());
                }
            }
        }
        double min = Math.max(floor, Math.floor(lowest - 0.5));
        double max = Math.min(100, Math.ceil(highest + 0.5));
        if (!(max > min)) {
            max = min + 1;
        }
        return new double[]{min, max};
    }

    private static void style(XYChart chart, double[] yRange) {
        chart.getStyler().setYAxisMin(yRange[0]);
        chart.getStyler().setYAxisMax(yRange[1]);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setAntiAlias(true);
    }

    private static void reference(XYChart chart, String name, double y, double xMin, double xMax, Color color,
                                  java.awt.BasicStroke stroke) {
        if (!Double.isFinite(y)) {
            return;
        }
        double lo = xMin == xMax ? xMin - 1 : xMin;
        double hi = xMin == xMax ? xMax + 1 : xMax;
        XYSeries s = chart.addSeries(name, new double[]{lo, hi}, new double[]{y, y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    /** Known criteria in the document's order; unknown ones after them. */
    private static int criterionIndex(String criterion) {
        int i = CRITERIA.indexOf(criterion);
        return i >= 0 ? i : CRITERIA.size();
    }

    private static double finiteOr(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v);
    }
}
