package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableConverterTest {

    @Test
    void everyAsciiControlCharacterButTabBecomesAQuestionMark() {
        assertThat(PrintableConverter.printable("a\r\nb\u0000c\u001bd\u007fe\tf", false)).isEqualTo("a??b?c?d?e\tf");
    }

    @Test
    void strictReplacesTabToo() {
        assertThat(PrintableConverter.printable("j1\t\r\n", true)).isEqualTo("j1???");
    }

    @Test
    void otherTextIsReturnedAsItIs() {
        String text = "déjà vu — ok 100 % \u00a0 é \u2027 \u202a";
        assertThat(PrintableConverter.printable(text, false)).isSameAs(text);
        assertThat(PrintableConverter.printable("", true)).isEmpty();
    }

    @Test
    void lineBreaksBeyondAsciiBecomeQuestionMarksToo() {
        // Each ends a line for Python's splitlines() and for some log viewers: a forged line of its own.
        assertThat(PrintableConverter.printable("a\u0085b\u2028c\u2029d\u009be", false)).isEqualTo("a?b?c?d?e");
    }

    @Test
    void agreesWithTheRegularExpressionItReplaces() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x2100; c++) {
            all.append(c);
        }
        String text = all.toString();
        String breaks = "\\p{Cntrl}\\x{80}-\\x{9F}\\x{2028}\\x{2029}";
        assertThat(PrintableConverter.printable(text, false)).isEqualTo(text.replaceAll("[" + breaks + "&&[^\\t]]", "?"));
        assertThat(PrintableConverter.printable(text, true)).isEqualTo(text.replaceAll("[" + breaks + "]", "?"));
    }
}
