package dev.belay.runner;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a runner is configured on this machine.
 *
 * @param interpreterCommand the interpreter command and its arguments (e.g. {@code [py, -3]}); empty
 *                           means the runner chooses (for CPython: {@code .venv} in the scripts folder,
 *                           else {@code py -3} on Windows, {@code python3} elsewhere)
 * @param properties         implementation-specific settings
 */
public record RunnerOptions(List<String> interpreterCommand, Map<String, String> properties) {

    public RunnerOptions {
        interpreterCommand = List.copyOf(Objects.requireNonNull(interpreterCommand, "interpreterCommand"));
        properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    }

    public static RunnerOptions defaults() {
        return new RunnerOptions(List.of(), Map.of());
    }

    public static RunnerOptions withInterpreter(List<String> interpreterCommand) {
        return new RunnerOptions(interpreterCommand, Map.of());
    }
}
