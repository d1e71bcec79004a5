package dev.belay.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.belay.client.WireMockSupport.builderFor;
import static dev.belay.client.WireMockSupport.onlyRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shape of reply PROTOCOL.md says a real orchestrator may send, decoded leniently. */
class ReplyDecodingIT {

    @RegisterExtension
    static final WireMockExtension server = WireMockSupport.server();
    private static OrchestratorClient client;

    @BeforeAll
    static void start() {
        client = builderFor(server).build();
    }

    private static void heartbeatReplies(String json) {
        server.stubFor(post(urlPathEqualTo("/api/robot/heartbeat")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(json)));
    }

    private static void consumeReplies(String json) {
        server.stubFor(post(urlPathEqualTo("/api/robot/consumeNextJob")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(json.getBytes(StandardCharsets.UTF_8))));
    }

    private static HeartbeatReply heartbeat() {
        return client.heartbeat(Heartbeat.ready("PC", "10.0.0.7", "AA-BB-CC-DD-EE-FF"));
    }

    private static JobAssignment consumedJob(String json) {
        consumeReplies(json);
        ConsumeReply reply = client.consumeNextJob(RobotStatus.READY);
        assertThat(reply.errorCode()).isEqualTo(ConsumeJobErrorCode.NO_ERROR);
        assertThat(reply.assignment()).isPresent();
        return reply.assignment().get();
    }

    private static String quoted(String innerJson) {
        return "\"" + innerJson.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // --- heartbeat ---

    @Test
    void heartbeatReplyDecodesItsThreeFields() {
        heartbeatReplies("{\"HeartbeatErrorCode\":20,\"ErrorText\":\"stop please\",\"HasNewJob\":1}");

        HeartbeatReply reply = heartbeat();

        assertThat(reply.errorCode()).isEqualTo(HeartbeatErrorCode.STOP_JOB);
        assertThat(reply.errorText()).isEqualTo("stop please");
        assertThat(reply.hasNewJob()).isEqualTo(HasNewJob.JOB_FOUND);
    }

    @Test
    void heartbeatKeysMatchCaseInsensitivelyAndTrimmedAndExtraFieldsAreIgnored() {
        heartbeatReplies("{\"heartbeat_extra\":{\"a\":[1,2]},\" heartbeaterrorcode \":10,\"errortext\":null,"
                + "\"HASNEWJOB\":0,\"Version\":\"9.1\"}");

        HeartbeatReply reply = heartbeat();

        assertThat(reply.errorCode()).isEqualTo(HeartbeatErrorCode.ABORT_JOB);
        assertThat(reply.errorText()).isEmpty();
        assertThat(reply.hasNewJob()).isEqualTo(HasNewJob.NO_JOB);
    }

    @Test
    void errorTextEchoingTheRobotGuidIsRedacted() {
        heartbeatReplies("{\"HeartbeatErrorCode\":101,\"ErrorText\":\"Robot " + WireMockSupport.ROBOT_GUID.toUpperCase()
                + " not found\"}");

        assertThat(heartbeat().errorText()).isEqualTo("Robot <redacted> not found");
    }

    @Test
    void codesSentAsStringsDecode() {
        heartbeatReplies("{\"HeartbeatErrorCode\":\"0\",\"HasNewJob\":\" 1 \"}");

        HeartbeatReply reply = heartbeat();

        assertThat(reply.errorCode()).isEqualTo(HeartbeatErrorCode.NO_ERROR);
        assertThat(reply.hasNewJob()).isEqualTo(HasNewJob.JOB_FOUND);
    }

    @Test
    void unknownCodesKeepTheirRawValue() {
        heartbeatReplies("{\"HeartbeatErrorCode\":777,\"ErrorText\":\"new in v9\",\"HasNewJob\":5}");

        HeartbeatReply reply = heartbeat();

        assertThat(reply.errorCode()).isEqualTo(HeartbeatErrorCode.UNKNOWN);
        assertThat(reply.errorCodeValue()).isEqualTo(777);
        assertThat(reply.hasNewJob()).isEqualTo(HasNewJob.UNKNOWN);
        assertThat(reply.hasNewJobValue()).isEqualTo(5);
    }

    @Test
    void robotNotFoundWithoutHasNewJobDecodes() {
        heartbeatReplies("{\"HeartbeatErrorCode\":101,\"ErrorText\":\"Robot not found\"}");

        HeartbeatReply reply = heartbeat();

        assertThat(reply.errorCode()).isEqualTo(HeartbeatErrorCode.ROBOT_NOT_FOUND);
        assertThat(reply.hasNewJobValue()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html><body>Login</body></html>", "", "   ", "[]", "{}", "\"ok\"", "{\"status\":\"ok\"}",
            "{\"HeartbeatErrorCode\":\"abc\",\"HasNewJob\":0}", "{\"HeartbeatErrorCode\":1.5,\"HasNewJob\":0}",
            "{\"HeartbeatErrorCode\":0,\"HasNewJob\":0} trailing", "{\"HeartbeatErrorCode\":0,"})
    void heartbeat2xxThatIsNotTheExpectedShapeIsUnreadable(String body) {
        heartbeatReplies(body);

        assertThatThrownBy(ReplyDecodingIT::heartbeat)
                .isInstanceOf(OrchestratorException.UnreadableReply.class)
                .hasMessageStartingWith("unreadable reply from /api/robot/heartbeat: ");
        onlyRequest(server);
    }

    // --- consumeNextJob ---

    @Test
    void stringEncodedJobProcessVersionAndTaskDecode() {
        String task = "{\"GUID\":\"task-1\",\"Data\":{\"invoice\":42, \"note\":\"a \\\"quoted\\\" word\"}}";
        JobAssignment job = consumedJob("{\"ConsumeJobErrorCode\":0,\"ErrorText\":\"\","
                + "\"Job\":" + quoted("{\"GUID\":\"job-1\",\"Status\":1}") + ","
                + "\"ProcessVersion\":" + quoted("{\"GUID\":\"pv-1\",\"Name\":\"invoices\\\\load_invoices\"}") + ","
                + "\"Task\":" + quoted(task) + "}");

        assertThat(job.jobGuid()).isEqualTo("job-1");
        assertThat(job.processVersionGuid()).isEqualTo("pv-1");
        assertThat(job.scriptName()).isEqualTo("invoices\\load_invoices");
        assertThat(job.taskGuid()).isEqualTo("task-1");
        assertThat(job.taskJson()).as("the inner string verbatim").isEqualTo(task);
    }

    @Test
    void embeddedObjectsDecodeAndTheTaskKeepsItsSourceText() {
        String task = "{ \"guid\" : \"task-2\",\n  \"amount\": 1.50, \"list\": [1, 2 ,3] }";
        JobAssignment job = consumedJob("{\"ConsumeJobErrorCode\":0,"
                + "\"Job\":{\"GUID\":\"job-2\"},\"ProcessVersion\":{\"GUID\":\"pv-2\",\"Name\":\"load\"},\"Task\":" + task + "}");

        assertThat(job.jobGuid()).isEqualTo("job-2");
        assertThat(job.scriptName()).isEqualTo("load");
        assertThat(job.taskGuid()).isEqualTo("task-2");
        assertThat(job.taskJson()).as("embedded object's text, whitespace and 1.50 kept").isEqualTo(task);
    }

    @Test
    void innerKeysMatchCaseInsensitivelyAndTrimmed() {
        JobAssignment job = consumedJob("{\"consumejoberrorcode\":\"0\","
                + "\" job \":" + quoted("{\"guid\":\"job-3\"}") + ","
                + "\"processversion\":" + quoted("{\" NAME \":\"sub/dir/script.py\",\"Guid\":\"pv-3\"}") + ","
                + "\" Task \":" + quoted("{\" Guid \":\"t-3\"}") + "}");

        assertThat(job.jobGuid()).isEqualTo("job-3");
        assertThat(job.processVersionGuid()).isEqualTo("pv-3");
        assertThat(job.scriptName()).isEqualTo("sub/dir/script.py");
        assertThat(job.taskGuid()).isEqualTo("t-3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"Task\":null", ",\"Task\":\"\"", ",\"Task\":\"[]\"", ",\"Task\":[]", ",\"Task\":\"  \""})
    void absentTaskInEveryFormDecodesToNoTask(String taskPart) {
        JobAssignment job = consumedJob("{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"job-4\"},"
                + "\"ProcessVersion\":{\"Name\":\"s\"}" + taskPart + "}");

        assertThat(job.taskJson()).isEmpty();
        assertThat(job.taskGuid()).isEmpty();
        assertThat(job.processVersionGuid()).isEmpty();
    }

    @Test
    void aTaskThatIsNotJsonIsPassedOnVerbatimRatherThanLosingAConsumedJob() {
        JobAssignment job = consumedJob("{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"job-5\"},"
                + "\"ProcessVersion\":{\"Name\":\"s\"},\"Task\":\"plain text, not JSON\"}");

        assertThat(job.taskJson()).isEqualTo("plain text, not JSON");
        assertThat(job.taskGuid()).isEmpty();
    }

    @Test
    void replyWithExtraFieldsEverywhereDecodes() {
        JobAssignment job = consumedJob("{\"Server\":\"orch-2\",\"ConsumeJobErrorCode\":0,\"ErrorText\":\"\","
                + "\"Job\":" + quoted("{\"GUID\":\"job-6\",\"Priority\":3,\"Created\":\"2026-01-01\",\"Extra\":{\"x\":[]}}") + ","
                + "\"ProcessVersion\":{\"Name\":\"s\",\"Version\":\"1.2\",\"Params\":null},"
                + "\"Task\":{\"GUID\":\"t\",\"Whatever\":true},\"Robot\":{\"Name\":\"r\"},\"Count\":1.0}");

        assertThat(job.jobGuid()).isEqualTo("job-6");
        assertThat(job.taskJson()).isEqualTo("{\"GUID\":\"t\",\"Whatever\":true}");
    }

    @Test
    void oneMebibyteNonAsciiTaskArrivesExactly() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 1024 * 1024) {
            text.append("Счёт-фактура № 42 — «ООО Ромашка» ✓ 😀 ");
        }
        String task = "{\"GUID\":\"big\",\"Text\":\"" + text + "\"}";
        JobAssignment embedded = consumedJob("{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"j\"},"
                + "\"ProcessVersion\":{\"Name\":\"s\"},\"Task\":" + task + "}");
        JobAssignment stringEncoded = consumedJob("{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"j\"},"
                + "\"ProcessVersion\":{\"Name\":\"s\"},\"Task\":" + quoted(task) + "}");

        assertThat(embedded.taskJson()).isEqualTo(task);
        assertThat(stringEncoded.taskJson()).isEqualTo(task);
        assertThat(embedded.taskGuid()).isEqualTo("big");
        assertThat(embedded.toString()).as("toString does not dump the Task").hasSizeLessThan(300);
    }

    @Test
    void noJobFoundDecodesWithoutAJob() {
        consumeReplies("{\"ConsumeJobErrorCode\":102,\"ErrorText\":\"No new job\",\"Job\":\"\",\"ProcessVersion\":null}");

        ConsumeReply reply = client.consumeNextJob(RobotStatus.READY);

        assertThat(reply.errorCode()).isEqualTo(ConsumeJobErrorCode.NO_JOB_FOUND);
        assertThat(reply.errorText()).isEqualTo("No new job");
        assertThat(reply.assignment()).isEmpty();
    }

    @Test
    void errorCodeIgnoresWhateverGarbageSitsInJobFields() {
        consumeReplies("{\"ConsumeJobErrorCode\":101,\"Job\":\"{broken\",\"ProcessVersion\":42}");

        ConsumeReply reply = client.consumeNextJob(RobotStatus.READY);

        assertThat(reply.errorCode()).isEqualTo(ConsumeJobErrorCode.ROBOT_NOT_FOUND);
        assertThat(reply.assignment()).isEmpty();
    }

    @Test
    void unknownConsumeCodeKeepsItsRawValue() {
        consumeReplies("{\"ConsumeJobErrorCode\":\"103\"}");

        ConsumeReply reply = client.consumeNextJob(RobotStatus.READY);

        assertThat(reply.errorCode()).isEqualTo(ConsumeJobErrorCode.UNKNOWN);
        assertThat(reply.errorCodeValue()).isEqualTo(103);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"j\"}}",
            "{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"j\"},\"ProcessVersion\":\"\"}",
            "{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"j\"},\"ProcessVersion\":null}",
            "{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"j\"},\"ProcessVersion\":\"{not json\"}",
            "{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\"j\"},\"ProcessVersion\":{\"GUID\":\"pv\",\"Name\":\" \"}}"})
    void aJobWithAnUnusableProcessVersionIsStillHandedOverSoItCanBeReportedFailed(String body) {
        consumeReplies(body);

        ConsumeReply reply = client.consumeNextJob(RobotStatus.READY);

        assertThat(reply.assignment()).hasValueSatisfying(job -> {
            assertThat(job.jobGuid()).isEqualTo("j");
            assertThat(job.scriptName()).as("no runner starts an empty name").isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"ConsumeJobErrorCode\":0,\"ProcessVersion\":{\"Name\":\"s\"}}|no Job",
            "{\"ConsumeJobErrorCode\":0,\"Job\":\"[]\",\"ProcessVersion\":{\"Name\":\"s\"}}|no Job",
            "{\"ConsumeJobErrorCode\":0,\"Job\":null,\"ProcessVersion\":{\"Name\":\"s\"}}|no Job",
            "{\"ConsumeJobErrorCode\":0,\"Job\":{\"Name\":\"x\"},\"ProcessVersion\":{\"Name\":\"s\"}}|Job has no GUID",
            "{\"ConsumeJobErrorCode\":0,\"Job\":{\"GUID\":\" \"},\"ProcessVersion\":{\"Name\":\"s\"}}|Job has no GUID",
            "{\"ConsumeJobErrorCode\":0,\"Job\":\"{not json\",\"ProcessVersion\":{\"Name\":\"s\"}}|Job is a string that is not JSON",
            "{\"ConsumeJobErrorCode\":0,\"Job\":[1],\"ProcessVersion\":{\"Name\":\"s\"}}|Job is not a JSON object",
            "{\"ErrorText\":\"\"}|no ConsumeJobErrorCode",
            "<!DOCTYPE html><html>maintenance</html>|not valid JSON"})
    void codeZeroWithoutAUsableJobIsUnreadableWithAClearMessage(String bodyAndMessage) {
        String[] parts = bodyAndMessage.split("\\|");
        consumeReplies(parts[0]);

        assertThatThrownBy(() -> client.consumeNextJob(RobotStatus.READY))
                .isInstanceOf(OrchestratorException.UnreadableReply.class)
                .hasMessageContaining(parts[1])
                .satisfies(e -> assertThat(((OrchestratorException) e).mayHaveReachedServer()).isTrue());
        onlyRequest(server);
    }
}
