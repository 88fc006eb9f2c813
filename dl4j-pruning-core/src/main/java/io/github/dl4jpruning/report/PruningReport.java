package io.github.dl4jpruning.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.dl4jpruning.energy.EnergyModel;
import io.github.dl4jpruning.energy.LayerEnergy;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.PrunableLayer;
import io.github.dl4jpruning.network.Weights;
import io.github.dl4jpruning.stats.ActivationStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * Per layer and in total: parameters, non-zero parameters, sparsity, dense and effective MACs, and estimated energy
 * dense and now (compute and memory). Works on any network, pruned or not, masked or compacted, because it reads the
 * weights themselves: a zero weight counts as pruned.
 *
 * <pre>{@code
 * PruningReport report = PruningReport.of(net, stats, HardwareEnergyModel.defaults());
 * System.out.println(report.toMarkdown());
 * }</pre>
 */
public final class PruningReport {

    private final List<LayerReport> rows;
    private final String energyUnit;
    private final String energyModel;

    private PruningReport(List<LayerReport> rows, String energyUnit, String energyModel) {
        this.rows = rows;
        this.energyUnit = energyUnit;
        this.energyModel = energyModel;
    }

    /** A report of a {@code MultiLayerNetwork} or {@code ComputationGraph}; statistics may be {@code null}. */
    public static PruningReport of(Model model, ActivationStats stats, EnergyModel energyModel) {
        return of(NetworkAdapter.of(model), stats, energyModel);
    }

    /** A report of a wrapped network; statistics may be {@code null} (every input then counts as firing). */
    public static PruningReport of(NetworkAdapter net, ActivationStats stats, EnergyModel energyModel) {
        boolean haveStats = stats != null && !stats.isEmpty();
        List<LayerReport> rows = new ArrayList<>();
        for (PrunableLayer layer : net.layers()) {
            // Uses a convolution's output size only observed in the statistics: read here, never written back.
            PrunableLayer l = haveStats ? net.withObservedUses(layer, stats.shapes()) : layer;
            double[] w = Weights.read(net, l.weightKey());
            double[] b = l.biasKey() == null ? null : Weights.read(net, l.biasKey());
            double[] p = haveStats && stats.get(l.inputKey()) != null ? stats.inputOf(l).firingProbability() : null;
            long nzW = countNonZero(w);
            long nzB = b == null ? 0 : countNonZero(b);
            LayerEnergy e = energyModel.layerEnergy(l, w, b, p);
            rows.add(new LayerReport(l.name(), l.kind().name().toLowerCase(Locale.ROOT), w.length + (b == null ? 0 : b.length), w.length,
                    nzW + nzB, w.length == 0 ? 0 : 1 - (double) nzW / w.length, l.denseMacs(),
                    nzW * l.usesPerInference(), e));
        }
        return new PruningReport(Collections.unmodifiableList(rows), energyModel.unit(), energyModel.toString());
    }

    /**
     * The network's total energy, {@code of(net, stats, energyModel).total()} bit for bit, without the rows: no
     * non-zero counts and no per-layer report. A pruning step needs only this, before and after it.
     *
     * <pre>{@code
     * LayerEnergy before = PruningReport.totalEnergy(net, stats, HardwareEnergyModel.defaults());
     * }</pre>
     *
     * @throws IllegalArgumentException if a weight is not finite
     */
    public static LayerEnergy totalEnergy(NetworkAdapter net, ActivationStats stats, EnergyModel energyModel) {
        return totalEnergy(net, stats, energyModel, key -> Weights.read(net, key));
    }

    /**
     * As {@link #totalEnergy(NetworkAdapter, ActivationStats, EnergyModel)}, with each parameter's values (c-order
     * flattened, as {@link Weights#read} gives them) taken from {@code values}: a pruning step that has read the
     * weights already passes its copies instead of reading them again.
     *
     * <pre>{@code
     * Map<String, double[]> read = new HashMap<>();
     * LayerEnergy e = PruningReport.totalEnergy(net, stats, model, k -> read.computeIfAbsent(k, x -> Weights.read(net, x)));
     * }</pre>
     *
     * @param values a parameter's key to its values; not changed here
     * @throws IllegalArgumentException if {@code values} does (for example on a weight that is not finite)
     */
    public static LayerEnergy totalEnergy(NetworkAdapter net, ActivationStats stats, EnergyModel energyModel,
                                          java.util.function.Function<String, double[]> values) {
        boolean haveStats = stats != null && !stats.isEmpty();
        LayerEnergy total = LayerEnergy.zero();
        for (PrunableLayer layer : net.layers()) {
            PrunableLayer l = haveStats ? net.withObservedUses(layer, stats.shapes()) : layer;
            double[] w = values.apply(l.weightKey());
            double[] b = l.biasKey() == null ? null : values.apply(l.biasKey());
            double[] p = haveStats && stats.get(l.inputKey()) != null ? stats.inputOf(l).firingProbability() : null;
            total = total.plus(energyModel.layerEnergy(l, w, b, p));
        }
        return total;
    }

    /**
     * This report with the dense energy of each layer taken from {@code denseByLayer} (layers not in the map keep
     * theirs): for an energy model whose dense estimate depends on the weights (see
     * {@link EnergyModel#denseEnergyDependsOnWeights()}), the dense figures recorded before the network was pruned.
     *
     * <pre>{@code
     * PruningReport before = PruningReport.of(net, stats, new SeedEnergyModel());   // dense network
     * // ... prune ...
     * PruningReport after = PruningReport.of(net, stats, new SeedEnergyModel()).withDenseEnergy(before.denseByLayer());
     * }</pre>
     */
    public PruningReport withDenseEnergy(Map<String, LayerEnergy> denseByLayer) {
        List<LayerReport> out = new ArrayList<>();
        for (LayerReport r : rows) {
            LayerEnergy d = denseByLayer.get(r.layer());
            LayerEnergy e = d == null ? r.energy()
                    : new LayerEnergy(d.denseCompute(), d.denseMemory(), r.energy().prunedCompute(), r.energy().prunedMemory());
            out.add(new LayerReport(r.layer(), r.kind(), r.parameters(), r.weights(), r.nonZero(), r.weightSparsity(),
                    r.macsDense(), r.macsEffective(), e));
        }
        return new PruningReport(Collections.unmodifiableList(out), energyUnit, energyModel);
    }

    /** Each layer's energy (dense and now), by layer name. */
    public Map<String, LayerEnergy> denseByLayer() {
        Map<String, LayerEnergy> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.layer(), r.energy()));
        return m;
    }

    private static long countNonZero(double[] v) {
        long c = 0;
        for (double x : v) {
            c += x != 0 ? 1 : 0;
        }
        return c;
    }

    /** The rows, one per prunable layer. */
    public List<LayerReport> rows() {
        return rows;
    }

    /** The unit of the energies. */
    public String energyUnit() {
        return energyUnit;
    }

    /** The network total as one row named "total". */
    public LayerReport totalRow() {
        long params = 0;
        long nz = 0;
        long macs = 0;
        long eff = 0;
        long weights = 0;
        double zeroWeights = 0;
        LayerEnergy e = LayerEnergy.zero();
        for (LayerReport r : rows) {
            params += r.parameters();
            nz += r.nonZero();
            macs += r.macsDense();
            eff += r.macsEffective();
            weights += r.weights();
            zeroWeights += r.weightSparsity() * r.weights();
            e = e.plus(r.energy());
        }
        return new LayerReport("total", "", params, weights, nz, weights == 0 ? 0 : zeroWeights / weights, macs, eff, e);
    }

    /** Total estimated energy. */
    public LayerEnergy total() {
        LayerEnergy e = LayerEnergy.zero();
        for (LayerReport r : rows) {
            e = e.plus(r.energy());
        }
        return e;
    }

    /** A Markdown table. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| layer | kind | params | non-zero | sparsity | MACs dense | MACs effective | energy dense (")
                .append(energyUnit).append(") | energy now (").append(energyUnit).append(") | compute / memory now |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        List<LayerReport> all = new ArrayList<>(rows);
        all.add(totalRow());
        for (LayerReport r : all) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f%% | %d | %d | %.4g | %.4g | %.4g / %.4g |%n",
                    r.layer(), r.kind(), r.parameters(), r.nonZero(), 100 * r.weightSparsity(), r.macsDense(),
                    r.macsEffective(), r.energy().dense(), r.energy().pruned(), r.energy().prunedCompute(),
                    r.energy().prunedMemory()));
        }
        return sb.toString();
    }

    /** The report as a map (for JSON). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("energyModel", energyModel);
        m.put("energyUnit", energyUnit);
        m.put("layers", rows);
        m.put("total", totalRow());
        return m;
    }

    /** The report as pretty-printed JSON. */
    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }
}
