package dev.belay.testkit.contract;

import dev.belay.runner.ScriptRunner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit tests itself (issue 5, Build point 3): run against deliberately broken runners, the contract
 * must fail exactly the rules each one breaks, and declared-unsupported capabilities must be skipped.
 *
 * <p>The contract runs are the static nested classes below: Surefire ignores nested classes, so they
 * run only here, through {@link EngineTestKit}, where their failures are the expected outcome.
 */
class ContractSelfTest {

    // ------------------------------------------------------------------ the contract runs

    static class NaiveTree extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return new NaiveTreeRunner();
        }
    }

    static class DropsStderr extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return BrokenRunners.dropsStderr(WorkingRunner.create());
        }
    }

    static class DropsTask extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return BrokenRunners.dropsTask(WorkingRunner.create());
        }
    }

    static class ExecutesHostileNames extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return BrokenRunners.executesHostileNames(WorkingRunner.create());
        }
    }

    static class LosesCompletionOnAbort extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return BrokenRunners.losesCompletionOnAbort(WorkingRunner.create());
        }

        @Override
        protected Duration patience() {
            // Every rule it breaks waits this long for nothing; the rules it keeps (starting three
            // chained Pythons on a busy machine) must still fit in it.
            return Duration.ofSeconds(8);
        }
    }

    static class UnstableCompletion extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return BrokenRunners.unstableCompletion(WorkingRunner.create());
        }
    }

    static class ReusesThePreparedLaunch extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return BrokenRunners.reusesThePreparedLaunch(WorkingRunner.create());
        }
    }

    static class LeaksWhatItPrepared extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return BrokenRunners.leaksWhatItPrepared(WorkingRunner.create());
        }

        @Override
        protected Duration patience() {
            return Duration.ofSeconds(5); // R37 waits this long for a process that never goes
        }
    }

    static class NoOptionalCapabilities extends ScriptRunnerContract {
        @Override
        protected ScriptRunner createRunner() {
            return WorkingRunner.create();
        }

        @Override
        protected Set<Capability> unsupported() {
            return Set.of(Capability.values());
        }
    }

    // ------------------------------------------------------------------ the checks

    @Test
    @DisplayName("a runner that kills only the script's own process fails exactly the tree rules")
    void naiveTreeRunnerFailsTheTreeRules() {
        Outcome o = run(NaiveTree.class);
        assertThat(o.failed()).as("rules failed by the naive runner").containsExactlyInAnyOrder("R19", "R20", "R24", "R25");
        assertThat(o.skipped()).as("nothing skipped").isEmpty();
        assertThat(o.passed()).as("all other rules pass").hasSizeGreaterThanOrEqualTo(27);
    }

    @Test
    @DisplayName("a runner that drops stderr fails the output rules, not the log rule")
    void droppedStderrIsCaught() {
        Outcome o = run(DropsStderr.class, "R01", "R04", "R06", "R08", "R09");
        assertThat(o.failed()).containsExactlyInAnyOrder("R04", "R06");
        assertThat(o.passed()).containsExactlyInAnyOrder("R01", "R08", "R09");
    }

    @Test
    @DisplayName("a runner that drops the Task fails the Task rules (an empty Task still passes)")
    void droppedTaskIsCaught() {
        Outcome o = run(DropsTask.class, "R01", "R10", "R11", "R12", "R13");
        assertThat(o.failed()).containsExactlyInAnyOrder("R11", "R12");
        assertThat(o.passed()).containsExactlyInAnyOrder("R01", "R10", "R13");
    }

    @Test
    @DisplayName("a runner that executes hostile names fails R17, for the names a careless resolver can land on")
    void hostileNamesAreCaught() {
        Outcome o = run(ExecutesHostileNames.class, "R01", "R16", "R17", "R18");
        assertThat(o.failed()).containsExactly("R17");
        assertThat(o.passed()).containsExactlyInAnyOrder("R01", "R16", "R18");
        assertThat(o.failedInvocations()).as("hostile names executed by the naive fallback")
                .isGreaterThanOrEqualTo(20);
    }

    @Test
    @DisplayName("a runner whose completion never arrives after abort() fails the abort rules")
    void lostCompletionIsCaught() {
        Outcome o = run(LosesCompletionOnAbort.class, "R01", "R23", "R24", "R27", "R28", "R29");
        assertThat(o.failed()).containsExactlyInAnyOrder("R24", "R28", "R29");
        assertThat(o.passed()).containsExactlyInAnyOrder("R01", "R23", "R27");
    }

    @Test
    @DisplayName("a runner that completes again with another result fails the completion rules")
    void unstableCompletionIsCaught() {
        Outcome o = run(UnstableCompletion.class, "R01", "R26", "R27", "R28");
        assertThat(o.failed()).containsExactlyInAnyOrder("R26", "R27", "R28");
        assertThat(o.passed()).containsExactly("R01");
    }

    @Test
    @DisplayName("a runner that keeps the first prepared job's identity fails R36 only")
    void reusedPreparedLaunchIsCaught() {
        Outcome o = run(ReusesThePreparedLaunch.class, "R01", "R13", "R36", "R37");
        assertThat(o.failed()).containsExactly("R36");
        assertThat(o.passed()).containsExactlyInAnyOrder("R01", "R13", "R37");
    }

    @Test
    @DisplayName("a runner that leaves what it prepared running fails R37 only")
    void leakedPreparationIsCaught() {
        try {
            Outcome o = run(LeaksWhatItPrepared.class, "R01", "R36", "R37");
            assertThat(o.failed()).containsExactly("R37");
            assertThat(o.passed()).containsExactlyInAnyOrder("R01", "R36");
        } finally {
            ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("time.sleep(120)")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @DisplayName("rules of capabilities declared unsupported are skipped, not passed")
    void unsupportedCapabilitiesAreSkipped() {
        Outcome o = run(NoOptionalCapabilities.class, "R01", "R03", "R21", "R25");
        assertThat(o.skipped()).containsExactlyInAnyOrder("R03", "R21", "R25");
        assertThat(o.passed()).containsExactly("R01");
        assertThat(o.failed()).isEmpty();
    }

    @Test
    @DisplayName("the contract has at least 25 rules, each named with its id and citing its source")
    void everyRuleIsNamedAndCited() {
        List<Method> rules = ruleMethods().toList();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(25);
        for (Method m : rules) {
            String id = ruleId(m.getName());
            String name = m.getAnnotation(DisplayName.class).value();
            assertThat(name).as("display name of %s", m.getName()).startsWith(id + " ").matches(".*\\(.+\\).*");
        }
        assertThat(rules.stream().map(m -> ruleId(m.getName())).distinct()).hasSameSizeAs(rules);
    }

    // ------------------------------------------------------------------ running the contract

    /** Which rules passed, failed and were skipped (a rule fails if any of its invocations fails). */
    record Outcome(Set<String> passed, Set<String> failed, Set<String> skipped, long failedInvocations) {
    }

    private static Outcome run(Class<? extends ScriptRunnerContract> contract, String... onlyRules) {
        Set<String> wanted = Set.of(onlyRules);
        var request = EngineTestKit.engine("junit-jupiter");
        if (wanted.isEmpty()) {
            request.selectors(DiscoverySelectors.selectClass(contract));
        } else {
            ruleMethods().filter(m -> wanted.contains(ruleId(m.getName())))
                    .forEach(m -> request.selectors(DiscoverySelectors.selectMethod(contract, m)));
        }
        EngineExecutionResults results = request.execute();
        Set<String> failed = rules(results, e -> e.getPayload(TestExecutionResult.class)
                .map(r -> r.getStatus() != TestExecutionResult.Status.SUCCESSFUL).orElse(false), "finished");
        Set<String> skipped = rules(results, e -> true, "skipped");
        skipped.addAll(rules(results, e -> e.getPayload(TestExecutionResult.class)
                .map(r -> r.getStatus() == TestExecutionResult.Status.ABORTED).orElse(false), "finished"));
        failed.removeAll(skipped);
        Set<String> passed = rules(results, e -> true, "finished");
        passed.removeAll(failed);
        passed.removeAll(skipped);
        long failedInvocations = results.testEvents().failed().count();
        return new Outcome(passed, failed, skipped, failedInvocations);
    }

    private static Set<String> rules(EngineExecutionResults results, Predicate<Event> test, String type) {
        return results.testEvents().stream()
                .filter(e -> e.getType().name().equalsIgnoreCase(type))
                .filter(test)
                .map(e -> e.getTestDescriptor().getSource().orElse(null))
                .filter(MethodSource.class::isInstance)
                .map(s -> ruleId(((MethodSource) s).getMethodName()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static java.util.stream.Stream<Method> ruleMethods() {
        return Arrays.stream(ScriptRunnerContract.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class));
    }

    private static String ruleId(String methodName) {
        return methodName.substring(0, methodName.indexOf('_')).toUpperCase(Locale.ROOT);
    }
}
