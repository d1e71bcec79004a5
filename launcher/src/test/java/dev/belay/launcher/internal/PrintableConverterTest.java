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
        String text = "déjà vu — ok 100 % \u2028 é";
        assertThat(PrintableConverter.printable(text, false)).isSameAs(text);
        assertThat(PrintableConverter.printable("", true)).isEmpty();
    }

    @Test
    void agreesWithTheRegularExpressionItReplaces() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            all.append(c);
        }
        String text = all.toString();
        assertThat(PrintableConverter.printable(text, false)).isEqualTo(text.replaceAll("[\\p{Cntrl}&&[^\\t]]", "?"));
        assertThat(PrintableConverter.printable(text, true)).isEqualTo(text.replaceAll("[\\p{Cntrl}]", "?"));
    }
}
