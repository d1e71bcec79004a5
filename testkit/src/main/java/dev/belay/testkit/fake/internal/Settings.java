package dev.belay.testkit.fake.internal;

import dev.belay.testkit.fake.AuthScheme;
import dev.belay.testkit.fake.JobUpdateDialect;
import dev.belay.testkit.fake.JournalEntry;
import dev.belay.testkit.fake.ReplyStyle;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/** The fake's configuration as built; the state starts from (and resets to) it. */
public record Settings(Set<String> robots, AuthScheme authScheme, Duration minHeartbeatInterval,
                       Duration heartbeatTolerance, JobUpdateDialect jobUpdateDialect, ReplyStyle replyStyle,
                       Clock clock, Consumer<JournalEntry> listener) {
}
