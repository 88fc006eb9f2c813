package io.github.dl4jpruning.benchmark.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of scenarios by name, in the order {@code --help} lists them. */
public final class Scenarios {

    private static final Map<String, Supplier<Scenario>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("seed", SeedScenario::new);
        REGISTRY.put("sweep", SweepScenario::new);
        REGISTRY.put("dense", DenseScenario::new);
        REGISTRY.put("compaction", CompactionScenario::new);
        REGISTRY.put("runtime", RuntimeScenario::new);
        REGISTRY.put("resnet", ResNetScenario::new);
        REGISTRY.put("zoo", ZooScenario::new);
    }

    private Scenarios() {
    }

    /** Every registered name. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /**
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Scenario byName(String name) {
        Supplier<Scenario> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; expected one of " + names());
        }
        return s.get();
    }
}
