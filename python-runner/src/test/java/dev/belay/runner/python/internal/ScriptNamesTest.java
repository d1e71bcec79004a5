package dev.belay.runner.python.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptNamesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "\t", "/etc/passwd", "/", "\\", "\\windows\\system32\\evil",
            "C:\\evil", "c:evil", "Z:/evil", "\\\\server\\share\\evil", "//server/share/evil", "\\/server/evil",
            "..", "../evil", "..\\evil", "a/../../evil", "a\\..\\..\\evil", "./../evil", "a/./../../evil",
            "evil\u0000", "ev\u0000il.py", "evil\n", "evil\r", "evil\u001b[31m", "evil\u007f", "evil\u0085",
            "con", "CON", "con.py", "Con.txt.py", "nul", "prn", "aux", "com1", "COM9.py", "lpt1", "LPT9.py",
            "com\u00b9", "conin$", "CONOUT$.py", "con .py", "a/nul/b", "a\\aux\\b.py",
            "evil.", "evil ", "evil.py.", "evil.py ", "dir./evil", "dir /evil",
            "evil:stream", "evil.py:Zone.Identifier", "ev<il", "ev>il", "ev\"il", "ev|il", "ev?il", "ev*il",
            "a//b", "a\\\\b", "a/", "a\\", ".", "a/..", ".py", "~/evil", "~root/evil"})
    void hostileNamesAreRefused(String name) {
        assertThat(ScriptNames.check(name)).as("verdict on [%s]", name).isInstanceOf(ScriptNames.Refused.class);
    }

    @Test
    void longNamesAreRefused() {
        assertThat(ScriptNames.check("a".repeat(ScriptNames.MAX_LENGTH + 1))).isInstanceOf(ScriptNames.Refused.class);
    }

    @Test
    void backslashesAndSlashesBothSeparate() {
        assertThat(ScriptNames.check("invoices\\load_invoices")).isEqualTo(accepted("invoices", "load_invoices.py"));
        assertThat(ScriptNames.check("invoices/load_invoices")).isEqualTo(accepted("invoices", "load_invoices.py"));
        assertThat(ScriptNames.check("a\\b/c")).isEqualTo(accepted("a", "b", "c.py"));
    }

    @Test
    void pyIsAddedOnlyWhenMissing() {
        assertThat(ScriptNames.check("job")).isEqualTo(accepted("job.py"));
        assertThat(ScriptNames.check("job.py")).isEqualTo(accepted("job.py"));
        assertThat(ScriptNames.check("job.PY")).isEqualTo(accepted("job.PY"));
        assertThat(ScriptNames.check("job.v2")).isEqualTo(accepted("job.v2.py"));
    }

    @Test
    void innerDotsThatStayInsideAreFolded() {
        assertThat(ScriptNames.check("./a/../b")).isEqualTo(accepted("b.py"));
        assertThat(ScriptNames.check("a/b/../c")).isEqualTo(accepted("a", "c.py"));
    }

    @Test
    void namesThatOnlyResembleDevicesAreFine() {
        assertThat(ScriptNames.check("console")).isEqualTo(accepted("console.py"));
        assertThat(ScriptNames.check("com10")).isEqualTo(accepted("com10.py"));
        assertThat(ScriptNames.check("nullable")).isEqualTo(accepted("nullable.py"));
        assertThat(ScriptNames.check("Zoë/東京")).isEqualTo(accepted("Zoë", "東京.py"));
        assertThat(ScriptNames.check(" leading space")).isEqualTo(accepted(" leading space.py"));
    }

    @Test
    void resolveFindsTheRealFileInside() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scripts/invoices"));
        Files.writeString(dir.resolve("load.py"), "");
        ScriptNames.Resolution r = ScriptNames.resolve(tmp.resolve("scripts"), "invoices\\load");
        assertThat(r.ok()).isTrue();
        assertThat(r.script()).isEqualTo(dir.toRealPath().resolve("load.py"));
    }

    @Test
    void resolveRefusesAMissingFileAndAFolder() throws Exception {
        Files.createDirectories(tmp.resolve("scripts/folder.py"));
        assertThat(ScriptNames.resolve(tmp.resolve("scripts"), "missing").refusal()).contains("not found");
        assertThat(ScriptNames.resolve(tmp.resolve("scripts"), "folder").refusal()).contains("not a regular file");
    }

    @Test
    void resolveRefusesSymlinksLeadingOutside() throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("scripts"));
        Files.writeString(tmp.resolve("outside.py"), "");
        Files.createSymbolicLink(scripts.resolve("link.py"), tmp.resolve("outside.py"));
        Files.createSymbolicLink(scripts.resolve("up"), tmp);
        assertThat(ScriptNames.resolve(scripts, "link").refusal()).contains("outside the scripts folder");
        assertThat(ScriptNames.resolve(scripts, "up/outside").refusal()).contains("outside the scripts folder");
    }

    @Test
    void resolveAcceptsSymlinksThatStayInside() throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("scripts"));
        Files.writeString(scripts.resolve("real.py"), "");
        Files.createSymbolicLink(scripts.resolve("alias.py"), scripts.resolve("real.py"));
        assertThat(ScriptNames.resolve(scripts, "alias").script()).isEqualTo(scripts.toRealPath().resolve("real.py"));
    }

    @Test
    void refusalMessagesShowControlCharactersEscaped() {
        assertThat(ScriptNames.resolve(tmp, "bad\u0000name").refusal()).contains("bad\\u0000name").doesNotContain("\u0000");
    }

    private static ScriptNames.Accepted accepted(String... segments) {
        return new ScriptNames.Accepted(List.of(segments));
    }
}
