package dev.belay.launcher.config;

import java.util.Map;
import java.util.Objects;

/**
 * One layer of configuration, e.g. the command line or the environment. Layers are consulted in
 * precedence order; the first that has a key wins.
 *
 * @param name   what the effective-configuration log shows as the origin, e.g. {@code flag}, {@code env}
 * @param values the settings this layer has (blank values are treated as absent)
 */
public record Source(String name, Map<Key, String> values) {

    public Source {
        Objects.requireNonNull(name, "name");
        values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }
}
