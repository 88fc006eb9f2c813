package io.github.dl4jpruning.persist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Set;

/**
 * Java-serialized zip entries read under an {@link AllowListFilter}, so that no class outside the list is loaded or
 * has its {@code readObject} run.
 */
final class SafeObjects {

    private static final Set<String> BASIC = Set.of("java.lang.String", "java.lang.Number", "java.lang.Integer",
            "java.lang.Long", "java.lang.Double", "java.lang.Float", "java.lang.Boolean", "java.lang.Enum");
    private static final Set<String> STATE = union(BASIC, Set.of("java.util.HashMap", "java.util.LinkedHashMap", "java.util.Map$Entry",
            "io.github.dl4jpruning.mask.PruneMasks", "io.github.dl4jpruning.stats.ActivationStats",
            "io.github.dl4jpruning.stats.NeuronStats"));
    /** Where ND4J keeps its {@code DataSetPreProcessor}s (those holding INDArrays are not admitted). */
    static final String PREPROCESSOR_PACKAGE = "org.nd4j.linalg.dataset.api.preprocessor";

    private SafeObjects() {
    }

    /** Reads this library's state (masks, statistics, progress text) with arrays no longer than {@code maxArray}. */
    static Object readState(String entry, byte[] bytes, long maxArray) throws PrunedModelException {
        return read(entry, bytes, new AllowListFilter(STATE, Set.of(), Math.max(maxArray, 64), bytes.length));
    }

    /** Reads a legacy {@code preprocessor.bin} as DL4J would, but under an allow-list. */
    static Object readPreprocessor(String entry, byte[] bytes) throws PrunedModelException {
        return read(entry, bytes, new AllowListFilter(BASIC, Set.of(PREPROCESSOR_PACKAGE), 1 << 16, bytes.length));
    }

    private static Object read(String entry, byte[] bytes, AllowListFilter filter) throws PrunedModelException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            if (filter.rejected() != null) {
                throw new PrunedModelException("entry '" + entry + "' holds " + filter.rejected()
                        + ", which a model file may not carry; nothing from it was run", e);
            }
            throw new PrunedModelException("entry '" + entry + "' is corrupted: cannot deserialize it (" + e + ")",
                    e);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
