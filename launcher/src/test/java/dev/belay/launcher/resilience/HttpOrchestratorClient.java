package dev.belay.launcher.resilience;

import dev.belay.client.ConsumeReply;
import dev.belay.client.Endpoint;
import dev.belay.client.Heartbeat;
import dev.belay.client.HeartbeatReply;
import dev.belay.client.JobStatus;
import dev.belay.client.OrchestratorClient;
import dev.belay.client.OrchestratorException;
import dev.belay.client.RobotStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately tiny client over {@code java.net.http}, for {@link ResilientClientIT} only, while
 * the real Feign client is written on another branch. Same contract as the real one: one request
 * per call, no retries (the JDK client does not repeat POST/PUT), failures mapped to the four kinds.
 * It reads only the numbers the IT needs from the replies.
 */
final class HttpOrchestratorClient implements OrchestratorClient {

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?\\d+)");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade headers (PITFALLS.md)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpOrchestratorClient(URI base) {
        this.base = base;
    }

    @Override
    public HeartbeatReply heartbeat(Heartbeat heartbeat) {
        String body = send(Endpoint.HEARTBEAT, "POST", "Machine=" + heartbeat.machine() + "&Status=" + heartbeat.status().code());
        return new HeartbeatReply(number(Endpoint.HEARTBEAT, body, "HeartbeatErrorCode"), "",
                number(Endpoint.HEARTBEAT, body, "HasNewJob"));
    }

    @Override
    public ConsumeReply consumeNextJob(RobotStatus status) {
        String body = send(Endpoint.CONSUME_NEXT_JOB, "POST", "Status=" + status.code());
        return new ConsumeReply(number(Endpoint.CONSUME_NEXT_JOB, body, "ConsumeJobErrorCode"), "", null);
    }

    @Override
    public void updateJob(String jobGuid, JobStatus status) {
        send(Endpoint.UPDATE_JOB, "PUT", "guid=" + jobGuid + "&status=" + status.code());
    }

    private String send(Endpoint endpoint, String method, String form) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(endpoint.path()))
                // Generous: a cold WireMock on the shared 2-core machine once took over 2 s to answer.
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new OrchestratorException.NotSent(endpoint, "could not connect", e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new OrchestratorException.NotSent(endpoint, "could not connect", e);
            }
            throw new OrchestratorException.NoReply(endpoint, "no reply: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorException.NoReply(endpoint, "interrupted", e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            Duration retryAfter = response.headers().firstValue("Retry-After")
                    .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds.trim()))).orElse(null);
            throw new OrchestratorException.HttpError(endpoint, status, "", retryAfter);
        }
        return response.body();
    }

    private static int number(Endpoint endpoint, String body, String field) {
        Matcher m = NUMBER.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new OrchestratorException.UnreadableReply(endpoint, "no " + field + " in the reply", null);
    }
}
