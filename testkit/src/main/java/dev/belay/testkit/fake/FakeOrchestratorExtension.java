package dev.belay.testkit.fake;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Supplier;

/**
 * One {@link FakeOrchestrator} per test class, reset before every test (a fresh WireMock server
 * costs ~0.6 s in a new JVM; a reset costs nothing). Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static FakeOrchestratorExtension fake = FakeOrchestratorExtension.with(
 *         FakeOrchestrator.builder().robot(ROBOT).minHeartbeatInterval(Duration.ofMillis(100)));
 *
 * @Test
 * void runsAJob(FakeOrchestrator orchestrator) { ... }   // or fake.get()
 * }</pre>
 *
 * On an instance field it starts a fake per test instead; with {@code @ExtendWith} it uses the
 * defaults (no robot registered: call {@code registerRobot}).
 */
public final class FakeOrchestratorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Supplier<FakeOrchestrator> factory;
    private FakeOrchestrator fake;
    private boolean classScoped;
    private int classDepth;

    /** Defaults (for {@code @ExtendWith}). */
    public FakeOrchestratorExtension() {
        this(() -> FakeOrchestrator.builder().build());
    }

    private FakeOrchestratorExtension(Supplier<FakeOrchestrator> factory) {
        this.factory = factory;
    }

    public static FakeOrchestratorExtension with(FakeOrchestrator.Builder builder) {
        return new FakeOrchestratorExtension(builder::build);
    }

    /** The running fake. */
    public FakeOrchestrator get() {
        if (fake == null) {
            throw new IllegalStateException("the fake orchestrator runs only while tests of its class run");
        }
        return fake;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // @Nested classes call beforeAll again on the same instance: they share the outer fake.
        if (classDepth++ == 0) {
            classScoped = true;
            fake = factory.get().start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--classDepth == 0 && fake != null) {
            fake.stop();
            fake = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (fake == null) {
            fake = factory.get().start();
        } else {
            fake.reset();
            fake.start(); // a test may have stopped it to simulate an outage
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped && fake != null) {
            fake.stop();
            fake = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == FakeOrchestrator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return get();
    }
}
