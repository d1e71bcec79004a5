package dev.belay.reliability;

import java.time.Duration;

final class Durations {
    private Durations() {
    }

    static String ms(Duration d) {
        return d.toMillis() + "ms";
    }
}
