package dev.belay.core.internal;

import dev.belay.core.RunSummary;

/** The loop. Placeholder while the public API settles; the implementation follows. */
public final class RobotLoop {

    private final RobotSettings settings;

    public RobotLoop(RobotSettings settings) {
        this.settings = settings;
    }

    public RunSummary run() {
        throw new UnsupportedOperationException("not implemented yet: " + settings.identity());
    }

    public void requestShutdown() {
    }
}
