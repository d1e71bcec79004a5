package dev.belay.launcher.config;

import java.util.List;

/** The configuration cannot be used. The message lists every problem, one per line. */
public final class ConfigurationException extends Exception {

    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
