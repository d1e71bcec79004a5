package dev.belay.runner.python;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A failed test must not leave its script's processes running on a shared build machine. */
final class AbortLeftovers implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        for (dev.belay.runner.RunningScript s : Fixture.STARTED) {
            s.abort();
            Fixture.await(s);
        }
        Fixture.STARTED.clear();
    }
}
