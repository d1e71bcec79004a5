package dev.belay.reliability;

import dev.belay.testkit.fake.FakeFault;
import dev.belay.testkit.fake.FakeJob;
import dev.belay.testkit.fake.FakeOrchestrator;
import dev.belay.testkit.fake.When;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile and broken input from the orchestrator: script names, consume replies, heartbeat replies, update
 * replies. The agent never crashes or hangs, every job it can identify gets exactly one final status, nothing
 * hostile executes (an {@code evil.py} that leaves a canary waits wherever a hostile name could lead).
 */
class BadInputIT {

    static final String JSON = "application/json; charset=utf-8";
    static FakeOrchestrator fake;

    /** Cases that do not hold yet, with the reason (see RELIABILITY.md). */
    static final Map<String, String> KNOWN = new LinkedHashMap<>();

    @BeforeAll
    static void startFake() {
        fake = FakeOrchestrator.builder().minHeartbeatInterval(Agent.INTERVAL).build().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @TestFactory
    Stream<DynamicTest> badInput() {
        long t0 = System.nanoTime();
        List<Case> cases = new ArrayList<>();
        cases.addAll(hostileNames());
        consumeReplies(cases);
        heartbeatReplies(cases);
        updateReplies(cases);
        cases.forEach(c -> {
            c.knownSource = KNOWN;
            if (KNOWN.containsKey(c.id)) {
                c.knownFailure(KNOWN.get(c.id));
            }
            c.rows.values().forEach(r -> {
                if (KNOWN.containsKey(r[0])) {
                    c.knownByRow.put(r[0], KNOWN.get(r[0]));
                }
            });
        });
        String only = System.getProperty("reliability.only");
        if (only != null) {
            cases.removeIf(c -> !c.id.contains(only));
        }
        List<CaseResult> results = new ArrayList<>(Harness.runAll(fake, cases));
        results.sort(Comparator.comparing(CaseResult::id));
        Report.add(new Report.Section(4, "4. Bad input corpus",
                "Hostile script names run as one agent with one job per name (each job its own row); every other case is its own "
                        + "agent. A crafted consume reply marked *committed* stands in for the fake's real reply after the fake "
                        + "assigned the case's job to the robot, so a job the reply still identifies can be reported legally; "
                        + "*not committed* replies leave the job queued, and the robot must get it on a later, normal consume.",
                "", results, (System.nanoTime() - t0) / 1_000_000));
        return Verdicts.of(results);
    }

    // ---- hostile script names: refused (Failed), nothing executed ------------------------------------------

    /**
     * One agent for the names whose only effect is on their own job; the names with control characters get an agent
     * each, because what they do to the console (shared by a batched run) must be blamed on them alone.
     */
    private static List<Case> hostileNames() {
        Case c = new Case("N hostile script names", "one job per name", cc -> { });
        List<Case> all = new ArrayList<>(List.of(c));
        List<String[]> names = new ArrayList<>();
        names.add(new String[] {"N01", "..\\outside\\evil", "`..` escape, backslashes"});
        names.add(new String[] {"N02", "../outside/evil", "`..` escape, slashes"});
        names.add(new String[] {"N03", "rel\\..\\..\\outside\\evil", "`..` escape after a folder"});
        names.add(new String[] {"N04", "@ABS@/outside/evil", "absolute POSIX path to evil"});
        names.add(new String[] {"N05", "@ABS@/outside/evil.py", "absolute POSIX path with .py"});
        names.add(new String[] {"N06", "C:\\outside\\evil", "drive letter"});
        names.add(new String[] {"N07", "C:evil", "drive-relative"});
        names.add(new String[] {"N08", "\\\\server\\share\\evil", "UNC path"});
        names.add(new String[] {"N09", "//server/share/evil", "UNC path, slashes"});
        names.add(new String[] {"N10", "\\\\?\\C:\\evil", "Win32 device namespace"});
        names.add(new String[] {"N11", "rel\\work\u0000..\\..\\outside\\evil", "NUL inside the name"});
        names.add(new String[] {"N12", "CON", "reserved device name (scripts/CON.py exists and is evil)"});
        names.add(new String[] {"N13", "rel\\NUL", "reserved device name in a folder (scripts/rel/NUL.py is evil)"});
        names.add(new String[] {"N14", "COM1.py", "reserved device name with .py (scripts/COM1.py is evil)"});
        names.add(new String[] {"N15", "", "empty name"});
        names.add(new String[] {"N16", "$HOME/evil", "environment variable (HOME/evil.py is evil)"});
        names.add(new String[] {"N17", "%USERPROFILE%\\evil", "Windows environment variable"});
        names.add(new String[] {"N18", "rel/work; touch CANARY", "shell metacharacters"});
        names.add(new String[] {"N19", "rel/work\n../outside/evil", "newline inside the name"});
        names.add(new String[] {"N20", "rel/" + "x".repeat(5000), "5000-character name"});
        for (String[] n : names) {
            Consumer<Case> setup = cc -> {
                String name = n[1].replace("@ABS@", cc.dir.toString());
                String job = cc.job(FakeJob.builder(name));
                cc.expect(job, 5);
                cc.row(job, n[0] + " script name: " + n[2], "ProcessVersion.Name " + printable(name));
            };
            if (n[1].chars().anyMatch(ch -> ch < 0x20)) {
                Case own = new Case(n[0] + " script name: " + n[2], "", setup);
                all.add(own);
            } else {
                c.extraSetup.add(setup);
            }
        }
        return all;
    }

    // ---- consumeNextJob replies ------------------------------------------------------------------------------

    private static void consumeReplies(List<Case> cases) {
        // Identifiable jobs: the reply names the job the fake assigned.
        consume(cases, "C01 Job inner JSON invalid", true, j -> body(str("{\"GUID\":\"" + j + "\""), pv("rel/work"), "null"), null);
        consume(cases, "C02 Job without GUID", true, j -> body(str("{\"Name\":\"x\"}"), pv("rel/work"), "null"), null);
        consume(cases, "C03 Job GUID empty", true, j -> body(str("{\"GUID\":\"\"}"), pv("rel/work"), "null"), null);
        consume(cases, "C04 Job GUID a number", true, j -> body(str("{\"GUID\":12345}"), pv("rel/work"), "null"), null);
        // The agent reads the number as the job GUID "12345" (lenient decoding) and reports that job; the fake
        // never queued it, so these violations are the expected echo of the crafted reply.
        cases.get(cases.size() - 1).expectViolations("update.unknown-job", "heartbeat.unknown-job");
        consume(cases, "C05 Job GUID an object", true, j -> body(str("{\"GUID\":{\"a\":1}}"), pv("rel/work"), "null"), null);
        consume(cases, "C06 Job is \"[]\"", true, j -> body(str("[]"), pv("rel/work"), "null"), null);
        consume(cases, "C07 Job is a JSON number", true, j -> body("42", pv("rel/work"), "null"), null);
        consume(cases, "C08 ProcessVersion missing", true, j -> "{\"ConsumeJobErrorCode\":0,\"ErrorText\":\"\",\"Job\":" + job(j) + ",\"Task\":null}", 5);
        consume(cases, "C09 ProcessVersion.Name a number", true, j -> body(job(j), str("{\"GUID\":\"pv\",\"Name\":42}"), "null"), null);
        consume(cases, "C10 ProcessVersion null", true, j -> body(job(j), "null", "null"), 5);
        consume(cases, "C11 Task invalid JSON text", true, j -> body(job(j), pv("rel/work"), str("{oops")), null);
        consume(cases, "C12 Task 5 MB", true, j -> body(job(j), pv("rel/work"), str("{\"sleep\":0.1,\"pad\":\"" + "x".repeat(5_000_000) + "\"}")), null);
        consume(cases, "C13 Task nested 100000 deep", true, j -> body(job(j), pv("rel/work"), str("[".repeat(100_000) + "]".repeat(100_000))), null);
        consume(cases, "C14 whole reply nested 100000 deep", true,
                j -> "{\"Extra\":" + "[".repeat(100_000) + "]".repeat(100_000) + "," + body(job(j), pv("rel/work"), "null").substring(1), null);
        consume(cases, "C15 Task wrong type (number)", true, j -> body(job(j), pv("rel/work"), "12"), null);
        consume(cases, "C16 ProcessVersion.Name non-UTF-8 bytes", true, j -> null, null);
        consume(cases, "C17 whole reply non-UTF-8 bytes", true, j -> null, null);
        consume(cases, "C18 50 MB reply", true, j -> null, null);
        // Not committed: the job stays queued, the robot must get it later from a normal reply.
        consume(cases, "C19 ConsumeJobErrorCode unknown (77)", false, j -> body(77, job(j), pv("rel/work"), "null"), 4);
        consume(cases, "C20 ConsumeJobErrorCode a string", false, j -> body("\"abc\"", job(j), pv("rel/work"), "null"), 4);
        consume(cases, "C21 ConsumeJobErrorCode overflows long", false, j -> body("99999999999999999999999", job(j), pv("rel/work"), "null"), 4);
        consume(cases, "C22 empty 200 body", false, j -> "", 4);
        consume(cases, "C23 JSON null", false, j -> "null", 4);
        consume(cases, "C24 top-level array", false, j -> "[" + body(job(j), pv("rel/work"), "null") + "]", 4);
        consume(cases, "C25 code 101 with non-UTF-8 ErrorText", false, j -> null, null);
        // Hostile GUIDs served by the fake itself (the fake knows them: reports are legal).
        Case traversal = new Case("C26 job GUID with path traversal", "Job.GUID = ../../../outside/evil-guid", cc -> cc.expect(
                cc.job(FakeJob.builder("rel/work").guid("../../../outside/evil-guid").task("{\"sleep\":0.1}")), 4));
        cases.add(traversal);
        cases.add(new Case("C27 job GUID with CR LF and a header", "Job.GUID = x\\r\\nX-Injected: 1", cc -> cc.expect(
                cc.job(FakeJob.builder("rel/work").guid("x\r\nX-Injected: 1").task("{\"sleep\":0.1}")), 4)));
        cases.add(new Case("C28 job GUID of 10000 characters", "Job.GUID = 'g' × 10000", cc -> cc.expect(
                cc.job(FakeJob.builder("rel/work").guid("g".repeat(10_000)).task("{\"sleep\":0.1}")), 4)));
    }

    /**
     * @param committed whether the fake assigns the job before sending the crafted reply
     * @param reply     the crafted JSON for the case's job GUID; null for the byte-level cases (C16–C18, C25)
     */
    private static void consume(List<Case> cases, String id, boolean committed, java.util.function.Function<String, String> reply,
                                Integer expectedFinal) {
        cases.add(new Case(id, "", c -> {
            String job = c.job("rel/work", "{\"sleep\":0.1}");
            byte[] bytes = reply.apply(job) != null ? reply.apply(job).getBytes(StandardCharsets.UTF_8) : bytesFor(id, job);
            FakeFault f = FakeFault.reply(200, JSON, bytes);
            if (id.startsWith("C25")) {
                f = FakeFault.reply(200, JSON, bytes);
            }
            c.inject(c.consumes().nth(1), committed ? f.afterCommit() : f);
            c.injected = "1st consume answered " + (committed ? "(committed) " : "(not committed) ") + "with " + describe(bytes);
            if (expectedFinal != null) {
                c.expect(job, expectedFinal);
            }
            if (id.startsWith("C25")) {
                c.expectExit(3);
            }
        }));
    }

    private static byte[] bytesFor(String id, String job) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (id.startsWith("C16")) {
            write(out, "{\"ConsumeJobErrorCode\":0,\"ErrorText\":\"\",\"Job\":" + job(job) + ",\"ProcessVersion\":\"{\\\"GUID\\\":\\\"pv\\\",\\\"Name\\\":\\\"rel/");
            out.write(0xC3);
            out.write(0x28);
            out.write(0xFF);
            write(out, "\\\"}\",\"Task\":null}");
        } else if (id.startsWith("C17")) {
            for (int i = 0; i < 4096; i++) {
                out.write((i * 131 + 0x80) & 0xFF);
            }
        } else if (id.startsWith("C18")) {
            String head = "{\"ConsumeJobErrorCode\":0,\"ErrorText\":\"";
            String tail = "\",\"Job\":" + job(job) + ",\"ProcessVersion\":" + pv("rel/work") + ",\"Task\":null}";
            write(out, head);
            byte[] pad = "y".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) {
                out.write(pad, 0, pad.length);
            }
            write(out, tail);
        } else if (id.startsWith("C25") || id.startsWith("H08")) {
            String key = id.startsWith("C25") ? "ConsumeJobErrorCode" : "HeartbeatErrorCode";
            write(out, "{\"" + key + "\":101,\"ErrorText\":\"robot ");
            out.write(0xFF);
            out.write(0xFE);
            out.write(0xC0);
            write(out, "\",\"HasNewJob\":0,\"Job\":null,\"ProcessVersion\":null,\"Task\":null}");
        }
        return out.toByteArray();
    }

    // ---- heartbeat replies -----------------------------------------------------------------------------------

    private static void heartbeatReplies(List<Case> cases) {
        heartbeat(cases, "H01 HeartbeatErrorCode unknown (77)", "{\"HeartbeatErrorCode\":77,\"ErrorText\":\"\",\"HasNewJob\":1}", 4, null);
        heartbeat(cases, "H02 HasNewJob unknown (2)", "{\"HeartbeatErrorCode\":0,\"ErrorText\":\"\",\"HasNewJob\":2}", null, 4);
        heartbeat(cases, "H03 HasNewJob a string \"1\"", "{\"HeartbeatErrorCode\":0,\"ErrorText\":\"\",\"HasNewJob\":\"1\"}", null, null);
        heartbeat(cases, "H04 code 10 (abort) with no job running", "{\"HeartbeatErrorCode\":10,\"ErrorText\":\"\",\"HasNewJob\":1}", 4, null);
        heartbeat(cases, "H05 empty object {}", "{}", null, null);
        heartbeat(cases, "H06 50 MB heartbeat reply", null, null, null);
        heartbeat(cases, "H08 code 101 with non-UTF-8 ErrorText", null, null, 3);
        cases.add(new Case("H07 Working heartbeat code unknown (55)", "", c -> {
            String job = c.job("rel/work", "{\"sleep\":0.8}");
            c.expect(job, 4);
            c.inject(When.heartbeat().working().forJob(job).nth(1), FakeFault.reply("{\"HeartbeatErrorCode\":55,\"ErrorText\":\"?\",\"HasNewJob\":0}"));
            c.injected = "1st Working heartbeat answered HeartbeatErrorCode 55";
        }));
    }

    private static void heartbeat(List<Case> cases, String id, String json, Integer expectedFinal, Integer expectedExit) {
        cases.add(new Case(id, "", c -> {
            String job = c.job("rel/work", "{\"sleep\":0.1}");
            byte[] bytes;
            if (json != null) {
                bytes = json.getBytes(StandardCharsets.UTF_8);
            } else if (id.startsWith("H06")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                write(out, "{\"HeartbeatErrorCode\":0,\"HasNewJob\":1,\"ErrorText\":\"");
                byte[] pad = "z".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 50; i++) {
                    out.write(pad, 0, pad.length);
                }
                write(out, "\"}");
                bytes = out.toByteArray();
            } else {
                bytes = bytesFor(id, job);
            }
            c.inject(c.heartbeats().nth(1), FakeFault.reply(200, JSON, bytes));
            c.injected = "1st heartbeat answered with " + describe(bytes);
            if (expectedFinal != null) {
                c.expect(job, expectedFinal);
            }
            if (expectedExit != null) {
                c.expectExit(expectedExit);
            }
        }));
    }

    // ---- job/update replies ----------------------------------------------------------------------------------

    private static void updateReplies(List<Case> cases) {
        update(cases, "U01 final update answered 200 with an HTML page", FakeFault.htmlPage(200).afterCommit());
        update(cases, "U02 final update answered 204 with no body", FakeFault.reply(204, null, new byte[0]).afterCommit());
        update(cases, "U03 final update answered 200 with non-UTF-8 bytes", FakeFault.reply(200, JSON, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41}).afterCommit());
    }

    private static void update(List<Case> cases, String id, FakeFault fault) {
        cases.add(new Case(id, "", c -> {
            String job = c.job("rel/work", "{\"sleep\":0.1}");
            c.expect(job, 4);
            c.inject(When.jobUpdate().forJob(job).withStatus(4).nth(1), fault);
            c.injected = "final update (committed) answered " + fault;
        }));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    static String body(String job, String pv, String task) {
        return body(0, job, pv, task);
    }

    static String body(Object code, String job, String pv, String task) {
        return "{\"ConsumeJobErrorCode\":" + code + ",\"ErrorText\":\"\",\"Job\":" + job + ",\"ProcessVersion\":" + pv + ",\"Task\":" + task + "}";
    }

    static String job(String guid) {
        return str("{\"GUID\":\"" + guid + "\"}");
    }

    static String pv(String name) {
        return str("{\"GUID\":\"pv-1\",\"Name\":\"" + name + "\"}");
    }

    /** A JSON string literal holding the given text (the double encoding of the vendor's replies). */
    static String str(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    static String describe(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 90), StandardCharsets.ISO_8859_1);
        String size = bytes.length >= 1 << 20 ? (bytes.length >> 20) + " MB" : bytes.length + " bytes";
        return "`" + printable(text) + (bytes.length > 90 ? "…" : "") + "` (" + size + ")";
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0) || ch > 0xFF && false) {
                sb.append(String.format("\\x%02X", (int) ch));
            } else if (ch == '`') {
                sb.append('\'');
            } else {
                sb.append(ch);
            }
        }
        String t = sb.toString();
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }

    @SuppressWarnings("unused")
    private static Consumer<Case> none() {
        return c -> { };
    }
}
