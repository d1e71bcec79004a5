package dev.belay.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.runner.OutputListener;
import dev.belay.runner.RunnerOptions;
import dev.belay.runner.ScriptRunners;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job end to end with the real client over HTTP (WireMock) and the real CPython runner: the exact
 * request sequence of PROTOCOL.md's loop.
 */
class RobotIT {

    private static final String ROBOT_GUID = "6f1c1a8e-0d55-4c57-9d7c-3c1f3f0b9a01";
    private static final String JOB_GUID = "0b7e2f3a-1111-4c2d-8e9f-123456789abc";
    private static WireMockServer wm;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stopServer() {
        wm.stop();
    }

    private final java.util.concurrent.atomic.AtomicInteger prepares = new java.util.concurrent.atomic.AtomicInteger();

    /** The real runner, with its prepareNext calls counted. */
    private dev.belay.runner.ScriptRunner observed(dev.belay.runner.ScriptRunner real) {
        return new dev.belay.runner.ScriptRunner() {
            @Override
            public String id() {
                return real.id();
            }

            @Override
            public dev.belay.runner.RunningScript start(dev.belay.runner.ScriptLaunch launch, OutputListener listener) {
                return real.start(launch, listener);
            }

            @Override
            public void prepareNext(Path scriptsDir) {
                prepares.incrementAndGet();
                real.prepareNext(scriptsDir);
            }

            @Override
            public void cancelPrepared() {
                real.cancelPrepared();
            }
        };
    }

    private static List<ProcessHandle> standbys() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--standby")).orElse(false)).toList();
    }

    @Test
    void aJobRunsEndToEndWithTheExactRequestSequence() throws Exception {
        // Until the job is consumed, a job is waiting; after, none.
        wm.stubFor(post(urlPathEqualTo("/api/robot/heartbeat")).inScenario("robot").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json("{\"HeartbeatErrorCode\":0,\"ErrorText\":\"\",\"HasNewJob\":1}")));
        wm.stubFor(post(urlPathEqualTo("/api/robot/consumeNextJob")).inScenario("robot").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("consumed")
                .willReturn(json("{\"ConsumeJobErrorCode\":0,\"ErrorText\":\"\","
                        + "\"Job\":\"{\\\"GUID\\\":\\\"" + JOB_GUID + "\\\"}\","
                        + "\"ProcessVersion\":\"{\\\"GUID\\\":\\\"pv-1\\\",\\\"Name\\\":\\\"demo\\\\\\\\hello\\\"}\","
                        + "\"Task\":\"{\\\"GUID\\\":\\\"task-1\\\",\\\"n\\\":1}\"}")));
        wm.stubFor(post(urlPathEqualTo("/api/robot/heartbeat")).inScenario("robot").whenScenarioStateIs("consumed")
                .willReturn(json("{\"HeartbeatErrorCode\":0,\"ErrorText\":\"\",\"HasNewJob\":0}")));
        wm.stubFor(put(urlPathEqualTo("/api/job/update")).willReturn(json("[]")));
        wm.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));

        // The script ends once the orchestrator has seen a Working heartbeat (it asks WireMock's admin
        // API), so the sequence holds at least one of them without any timing luck.
        Path scripts = Files.createDirectories(dir.resolve("scripts/demo"));
        Files.writeString(scripts.resolve("hello.py"), String.join("\n",
                "import json, os, sys, time, urllib.request",
                "print('job', os.environ.get('ROBOT_JOB_GUID'), flush=True)",
                "print('started ahead', not os.path.exists('/proc/self/cmdline') or b'--standby' in open('/proc/self/cmdline', 'rb').read(), flush=True)",
                "query = json.dumps({'method': 'POST', 'url': '/api/robot/heartbeat',",
                "                    'bodyPatterns': [{'contains': 'Status=3'}]}).encode()",
                "deadline = time.time() + 120",
                "while time.time() < deadline:",
                "    req = urllib.request.Request(os.environ['ROBOT_ORCHESTRATOR_URL'] + '/__admin/requests/count',",
                "                                 data=query, headers={'Content-Type': 'application/json'})",
                "    if json.load(urllib.request.urlopen(req))['count'] >= 1:",
                "        sys.exit(0)",
                "    time.sleep(0.05)",
                "sys.exit(1)",
                ""));

        List<String> output = new CopyOnWriteArrayList<>();
        Duration interval = Duration.ofMillis(300);
        OrchestratorClient client = OrchestratorClient.builder().baseUrl(wm.baseUrl()).robotGuid(ROBOT_GUID).build();
        Robot robot = Robot.builder()
                .client(client)
                .runner(observed(ScriptRunners.create(ScriptRunners.DEFAULT_ID, RunnerOptions.defaults())))
                .identity(Fixture.IDENTITY)
                .scriptsDir(dir.resolve("scripts"))
                .stateDir(dir.resolve("state"))
                .robotGuid(ROBOT_GUID)
                .orchestratorUrl(wm.baseUrl())
                .heartbeatInterval(interval)
                .stopGrace(Duration.ofSeconds(5))
                .outputListener((OutputListener) (stream, at, line) -> output.add(line))
                .build();

        RunSummary summary = robot.run();

        assertThat(summary.jobs()).containsExactly(new JobSummary(JOB_GUID, "demo\\hello", JobStatus.SUCCESS, true, false));
        assertThat(summary.endReason()).isEqualTo(EndReason.NO_JOB_LEFT);
        assertThat(output).contains("job " + JOB_GUID);
        // The Ready heartbeat said a job was waiting: its interpreter was started while it was consumed.
        assertThat(output).contains("started ahead True");
        // The script's end prepared another one for the job that never came; the run's end let go of it.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!standbys().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(standbys()).as("interpreters started ahead still alive after the run ended").isEmpty();
        assertThat(prepares).as("prepared once, for the job the Ready heartbeat announced; the Working heartbeats said no "
                + "other job was waiting, so the script's end prepared none").hasValue(1);

        List<LoggedRequest> requests = requestsInOrder();
        List<String> codes = new ArrayList<>();
        for (LoggedRequest r : requests) {
            Map<String, String> form = form(r.getBodyAsString());
            String path = r.getUrl();
            if (path.startsWith("/api/robot/heartbeat")) {
                codes.add("HB" + form.get("Status"));
            } else if (path.startsWith("/api/robot/consumeNextJob")) {
                codes.add("CONSUME");
            } else if (path.startsWith("/api/job/update")) {
                codes.add("UPDATE" + form.get("status"));
            } else {
                codes.add("OTHER " + r.getMethod() + " " + path);
            }
        }
        assertThat(String.join(" ", codes)).matches("HB2 CONSUME UPDATE8 (HB3 )+UPDATE4 HB2");

        String token = Base64.getEncoder().encodeToString(ROBOT_GUID.getBytes(StandardCharsets.UTF_8));
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Basic " + token));
        Map<String, String> ready = form(requests.get(0).getBodyAsString());
        assertThat(ready).containsEntry("RobotGUID", ROBOT_GUID).containsEntry("Machine", "ROBOT-01")
                .containsEntry("IP", "10.0.0.7").containsEntry("MAC", "AA-BB-CC-DD-EE-FF")
                .containsEntry("JobGUID", "").containsEntry("JobName", "").containsEntry("JobType", "1");
        Map<String, String> working = form(requests.get(3).getBodyAsString());
        assertThat(working).containsEntry("JobGUID", JOB_GUID).containsEntry("JobName", "demo\\hello");
        Map<String, String> update = form(requests.get(2).getBodyAsString());
        assertThat(update).containsEntry("guid", JOB_GUID).containsEntry("status", "8");
    }

    /** The journal, oldest first (ServeEvents come newest first; their order is exact, timestamps are not). */
    private static List<LoggedRequest> requestsInOrder() {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest)
                .filter(r -> !r.getUrl().startsWith("/__admin"))
                .toList();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return values;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            values.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
