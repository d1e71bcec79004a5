package dev.belay.runner;

/**
 * The {@link java.util.ServiceLoader} entry point of a runner implementation: list the implementing
 * class in {@code META-INF/services/dev.belay.runner.ScriptRunnerProvider}. Must have a public
 * no-argument constructor.
 */
public interface ScriptRunnerProvider {

    /** The id of the runners it creates, e.g. {@code cpython}. */
    String id();

    ScriptRunner create(RunnerOptions options);
}
