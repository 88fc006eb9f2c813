package io.github.dl4jpruning.benchmark.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of scenarios by name, in the order {@code --help} lists them. */
public final class Scenarios {

    private static final Map<String, Supplier<Scenario>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("dense", DenseScenario::new);
        REGISTRY.put("seed", () -> new NotBuiltScenario("seed",
                "the source document's experiment: train, energy-prune, retrain, compare"));
        REGISTRY.put("sweep", () -> new NotBuiltScenario("sweep",
                "accuracy and estimated energy across criteria and sparsities"));
    }

    private Scenarios() {
    }

    /** Every registered name. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** Names of scenarios that are implemented. */
    public static List<String> builtNames() {
        return REGISTRY.values().stream().map(Supplier::get).filter(Scenario::isBuilt).map(Scenario::name).toList();
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

    /** The message for a registered but unbuilt scenario. */
    public static String notBuiltMessage(Scenario scenario) {
        return scenario instanceof NotBuiltScenario n ? n.notBuiltMessage()
                : "scenario '" + scenario.name() + "' is not built yet";
    }
}
