package io.github.dl4jpruning.benchmark.scenario;

import java.util.Map;

/** A scenario that has a name but no implementation yet; running it fails with a clear message. */
final class NotBuiltScenario implements Scenario {
    private final String name;
    private final String description;

    NotBuiltScenario(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description + " (not built yet)";
    }

    @Override
    public boolean isBuilt() {
        return false;
    }

    @Override
    public Map<String, Object> run(ScenarioContext context) {
        throw new UnsupportedOperationException(notBuiltMessage());
    }

    String notBuiltMessage() {
        return "scenario '" + name + "' is not built yet; built scenarios: " + Scenarios.builtNames();
    }
}
