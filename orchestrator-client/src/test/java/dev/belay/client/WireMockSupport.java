package dev.belay.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared helpers: one WireMock server per test class (starting one costs ~0.6 s), reset per test. */
final class WireMockSupport {

    /** A robot GUID as the orchestrator issues them; the tests look for it in every log line. */
    static final String ROBOT_GUID = "da8b6c3e-4f1a-4d2b-9c7e-0f5a1b2ce151";

    private WireMockSupport() {
    }

    /**
     * WireMock's own JUnit 5 extension, for a {@code @RegisterExtension static} field: one server per test
     * class, started before its tests, stubs and journal reset before each, stopped after them.
     */
    static WireMockExtension server() {
        return WireMockExtension.newInstance()
                .options(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"))
                .build();
    }

    static OrchestratorClientBuilder builderFor(WireMockExtension server) {
        return OrchestratorClient.builder()
                .baseUrl("http://127.0.0.1:" + server.getPort())
                .robotGuid(ROBOT_GUID)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5));
    }

    /** The journal: every request the server saw, oldest first. */
    static List<ServeEvent> journal(WireMockExtension server) {
        List<ServeEvent> events = new java.util.ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events;
    }

    static ServeEvent onlyRequest(WireMockExtension server) {
        List<ServeEvent> events = journal(server);
        assertThat(events).as("requests in the server's journal").hasSize(1);
        return events.get(0);
    }

    /** Parses a raw form body, failing on a repeated field (each field is sent exactly once). */
    static Map<String, String> formFields(String rawBody) {
        Map<String, String> fields = new HashMap<>();
        if (rawBody.isEmpty()) {
            return fields;
        }
        for (String pair : rawBody.split("&", -1)) {
            int eq = pair.indexOf('=');
            assertThat(eq).as("'=' in form pair %s", pair).isPositive();
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            assertThat(fields.put(name, value)).as("field %s sent twice", name).isNull();
        }
        return fields;
    }

    static String base64Guid() {
        return java.util.Base64.getEncoder().encodeToString(ROBOT_GUID.getBytes(StandardCharsets.UTF_8));
    }
}
