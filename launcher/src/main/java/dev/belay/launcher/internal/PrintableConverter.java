package dev.belay.launcher.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %printable(...){tab}}: what its child converter writes, with every control character (below
 * U+0020, U+007F to U+009F) and the Unicode line and paragraph separators (U+2028, U+2029) shown as
 * {@code ?} but TAB; {@code %printable(...){strict}} replaces TAB too. Messages carry text from the
 * orchestrator and from scripts, and a CR or LF in it would forge a log line of its own; so would NEL
 * (U+0085) and the two separators for many readers of a log (Python's {@code splitlines()}, some
 * viewers). Always give the option: without one, Logback's parser takes a {@code %n} right after the
 * closing parenthesis for text (LoggingTest). {@link LineLayout} calls {@link #printable} directly.
 *
 * <p>The same as {@code %replace(...){'[\p{Cntrl}\x{80}-\x{9F}\x{2028}\x{2029}&&[^\t]]', '?'}}
 * without a regular expression per event: a chatty script's first lines are logged one by one while
 * its pipe fills, and the regex was a quarter of what each line cost (BENCHMARKS.md, output). Text
 * without a control character is returned as it is.
 */
public final class PrintableConverter extends CompositeConverter<ILoggingEvent> {

    private boolean strict;

    @Override
    public void start() {
        strict = !"tab".equals(getFirstOption());
        super.start();
    }

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return printable(in, strict);
    }

    static String printable(String in, boolean strict) {
        int i = firstControl(in, 0, strict);
        if (i < 0) {
            return in;
        }
        char[] chars = in.toCharArray();
        for (; i >= 0; i = firstControl(in, i + 1, strict)) {
            chars[i] = '?';
        }
        return new String(chars);
    }

    private static int firstControl(String s, int from, boolean strict) {
        for (int i = from, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if ((c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029) && (strict || c != '\t')) {
                return i;
            }
        }
        return -1;
    }
}
