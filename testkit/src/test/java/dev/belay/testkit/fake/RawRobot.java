package dev.belay.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** A robot written with raw java.net.http, deliberately not our client: tests of the fake use it. */
final class RawRobot {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    final String guid;
    String authorization;
    String contentType = "application/x-www-form-urlencoded";

    RawRobot(String baseUrl, String guid) {
        this.baseUrl = baseUrl;
        this.guid = guid;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(guid.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    Map<String, String> readyHeartbeat() {
        return form("RobotGUID", guid, "Machine", "ROBOT-01", "IP", "10.0.0.5", "MAC", "AA-BB-CC-DD-EE-FF",
                "Status", "2", "JobGUID", "", "JobName", "", "JobType", "1");
    }

    Map<String, String> workingHeartbeat(String jobGuid, String jobName) {
        Map<String, String> m = readyHeartbeat();
        m.put("Status", "3");
        m.put("JobGUID", jobGuid);
        m.put("JobName", jobName);
        return m;
    }

    JsonNode heartbeat() {
        return json(send("POST", "/api/robot/heartbeat", readyHeartbeat()));
    }

    JsonNode working(String jobGuid, String jobName) {
        return json(send("POST", "/api/robot/heartbeat", workingHeartbeat(jobGuid, jobName)));
    }

    JsonNode consume() {
        return json(send("POST", "/api/robot/consumeNextJob", form("RobotGUID", guid, "Status", "2")));
    }

    HttpResponse<String> update(String jobGuid, int status) {
        return send("PUT", "/api/job/update", form("guid", jobGuid, "status", Integer.toString(status)));
    }

    HttpResponse<String> send(String method, String path, Map<String, String> form) {
        try {
            return trySend(method, path, form);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> trySend(String method, String path, Map<String, String> form) throws IOException {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    /** The vendor's double parse: an inner field holds JSON text. */
    static JsonNode inner(JsonNode reply, String field) {
        try {
            return JSON.readTree(reply.get(field).asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
