package io.github.dl4jpruning.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.persist.PrunedModelException;
import io.github.dl4jpruning.persist.PrunedModelSerializer;
import io.github.dl4jpruning.persist.PruningState;
import io.github.dl4jpruning.testutil.TinyNets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Activation statistics read from a file are checked after deserialization: counts and sums the listener could not
 * have recorded (NaN, negative, more firings than examples), arrays that do not match their shape, and a bad epsilon
 * are rejected with the documented exception naming the value, both for a plain Java stream
 * ({@link InvalidObjectException}) and for a model file ({@link PrunedModelException}, which leaves the file as it
 * was).
 */
class StatisticsFileFaultsTest {

    @TempDir
    Path dir;

    /** Statistics of two activations as the listener records them: 8 examples of [4] and of [2, 3, 3]. */
    private static ActivationStats recorded() {
        Nd4j.getRandom().setSeed(3);
        ActivationStats s = new ActivationStats(0);
        s.record("0", Nd4j.rand(DataType.FLOAT, 8, 4).subi(0.5));
        s.record("1", Nd4j.rand(DataType.FLOAT, 8, 2, 3, 3));
        return s;
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static void set(Object o, String name, Object value) {
        try {
            Field f = o.getClass().getDeclaredField(name);
            f.setAccessible(true);
            f.set(o, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] array(NeuronStats n, String name) {
        try {
            return (double[]) field(n, name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each fault and the text its message must contain. */
    private static Map<String, Consumer<ActivationStats>> faults() {
        Map<String, Consumer<ActivationStats>> f = new LinkedHashMap<>();
        f.put("NaN", s -> array(s.get("0"), "firing")[2] = Double.NaN);
        f.put("-1.0", s -> array(s.get("0"), "firing")[1] = -1);
        f.put("9.0", s -> array(s.get("1"), "firing")[5] = 9);          // 9 firings in 8 examples
        f.put("-8", s -> set(s.get("0"), "samples", -8L));
        f.put("sum|a|=-0.5", s -> array(s.get("0"), "sumAbs")[0] = -0.5);
        f.put("Infinity", s -> array(s.get("1"), "sumSq")[3] = Double.POSITIVE_INFINITY);
        f.put("[2, 3, 4]", s -> set(s.get("1"), "shape", new long[] {2, 3, 4}));
        f.put("dimension -3", s -> set(s.get("1"), "shape", new long[] {-3, -6}));
        f.put("[]", s -> set(s.get("0"), "shape", new long[0]));
        f.put("3 firing counts", s -> set(s.get("0"), "firing", new double[3]));
        f.put("epsilon -0.25", s -> set(s, "epsilon", -0.25));
        f.put("epsilon NaN", s -> set(s, "epsilon", Double.NaN));
        return f;
    }

    private static Object roundTrip(ActivationStats s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void validStatisticsComeBackEqual() throws Exception {
        ActivationStats s = recorded();
        ActivationStats back = (ActivationStats) roundTrip(s);
        assertThat(back.epsilon()).isZero();
        assertThat(back.shapes()).containsOnlyKeys("0", "1");
        assertThat(back.get("1").shape()).containsExactly(2, 3, 3);
        assertThat(back.get("1").rms()).containsExactly(s.get("1").rms());
        assertThat(back.get("0").firingProbability()).containsExactly(s.get("0").firingProbability());
    }

    @Test
    void everyImpossibleValueInAStreamIsRejectedNamingIt() {
        int documented = 0;
        int other = 0;
        for (Map.Entry<String, Consumer<ActivationStats>> fault : faults().entrySet()) {
            ActivationStats s = recorded();
            fault.getValue().accept(s);
            try {
                roundTrip(s);
                other++;
            } catch (InvalidObjectException e) {
                assertThat(e.getMessage()).as("fault %s", fault.getKey()).contains(fault.getKey());
                documented++;
            } catch (Exception | Error e) {
                other++;
            }
        }
        System.out.println("FAULT-CAMPAIGN statistics-stream: tried=" + faults().size() + " documented=" + documented
                + " other=" + other);
        assertThat(other).isZero();
    }

    @Test
    void aModelFileWithImpossibleStatisticsIsRejectedNamingTheValue() throws Exception {
        int documented = 0;
        int other = 0;
        MultiLayerNetwork net = TinyNets.mlp(new Sgd(0.1), 1);
        // A bad epsilon cannot be written through the API (PruningState copies the statistics, and the copy's
        // constructor checks epsilon): the stream campaign covers it.
        List<Map.Entry<String, Consumer<ActivationStats>>> faults = faults().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("epsilon")).toList();
        for (int i = 0; i < faults.size(); i++) {
            ActivationStats s = recorded();
            faults.get(i).getValue().accept(s);
            File file = dir.resolve("stats-" + i + ".zip").toFile();
            PrunedModelSerializer.save(file, net, new PruningState(null, s, List.of(), 0, 0), false);
            long size = file.length();
            try {
                PrunedModelSerializer.restoreMultiLayerNetwork(file);
                other++;
            } catch (PrunedModelException e) {
                assertThat(e.getMessage()).as("fault %s", faults.get(i).getKey()).contains(faults.get(i).getKey());
                documented++;
            } catch (Exception | Error e) {
                other++;
            }
            assertThat(file).hasSize(size);
        }
        System.out.println("FAULT-CAMPAIGN statistics-file: tried=" + faults.size() + " documented=" + documented
                + " other=" + other);
        assertThat(other).isZero();
    }
}
