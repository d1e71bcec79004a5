package dev.belay.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds {@link ScriptRunner} implementations on the class path. */
public final class ScriptRunners {

    /** The id of the runner this project ships. */
    public static final String DEFAULT_ID = "cpython";

    private ScriptRunners() {
    }

    /** Every provider visible to this class's loader, in class-path order. */
    public static List<ScriptRunnerProvider> providers() {
        List<ScriptRunnerProvider> found = new ArrayList<>();
        ServiceLoader.load(ScriptRunnerProvider.class, ScriptRunners.class.getClassLoader()).forEach(found::add);
        return found;
    }

    /**
     * Creates the runner with this id.
     *
     * @throws IllegalArgumentException naming the ids that are available, if none has this id
     */
    public static ScriptRunner create(String id, RunnerOptions options) {
        List<ScriptRunnerProvider> providers = providers();
        for (ScriptRunnerProvider p : providers) {
            if (p.id().equals(id)) {
                return p.create(options);
            }
        }
        List<String> ids = providers.stream().map(ScriptRunnerProvider::id).toList();
        throw new IllegalArgumentException("no script runner with id '" + id + "'; available: " + ids);
    }
}
