package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code %stamp} writes what {@code %d} writes, whatever the order the events' times come in. */
class StampConverterTest {

    private static final String FILE = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
    private static final String CONSOLE = "HH:mm:ss.SSS";

    private static StampConverter converter(String... options) {
        StampConverter c = new StampConverter();
        c.setOptionList(List.of(options));
        c.start();
        return c;
    }

    private static void agreesWithTheFormatter(String pattern, String zone, List<Long> times) {
        StampConverter stamp = converter(pattern, zone);
        DateTimeFormatter expected = DateTimeFormatter.ofPattern(pattern).withZone(ZoneId.of(zone));
        for (long t : times) {
            assertThat(stamp.format(t)).as("%s at %d", pattern, t).isEqualTo(expected.format(Instant.ofEpochMilli(t)));
        }
    }

    @Test
    void acrossADaylightSavingChangeMillisecondByQuarterSecond() {
        long change = Instant.parse("2026-03-29T01:00:00Z").toEpochMilli(); // Berlin: 02:00 CET -> 03:00 CEST
        List<Long> times = new ArrayList<>();
        for (long t = change - 3_000; t <= change + 3_000; t += 250) {
            times.add(t);
        }
        times.add(change - 1);
        times.add(change);
        agreesWithTheFormatter(FILE, "Europe/Berlin", times);
        agreesWithTheFormatter(CONSOLE, "Europe/Berlin", times);
    }

    @Test
    void atRandomTimesInAnyOrderIncludingBefore1970() {
        Random random = new Random(42);
        List<Long> times = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 2_000; i++) {
            times.add(random.nextBoolean() ? now + random.nextInt(5_000) : random.nextLong() % 4_000_000_000_000L);
        }
        agreesWithTheFormatter(FILE, "UTC", times);
        agreesWithTheFormatter(FILE, "Asia/Kolkata", times);
        agreesWithTheFormatter(CONSOLE, "America/St_Johns", times);
    }

    @Test
    void aPatternWithoutOneMillisecondFieldIsFormattedWhole() {
        agreesWithTheFormatter("yyyy-MM-dd HH:mm:ss", "UTC", List.of(0L, 1_234L, 86_399_999L));
        agreesWithTheFormatter("HH:mm:ss.SS", "UTC", List.of(0L, 1_234L, 86_399_999L));
        agreesWithTheFormatter("'SSS' HH:mm:ss.SSS", "UTC", List.of(0L, 1_234L, 86_399_999L));
        assertThat(StampConverter.millisField(CONSOLE)).isEqualTo(9);
        assertThat(StampConverter.millisField("'SSS' HH")).isEqualTo(-1);
        assertThat(StampConverter.millisField("ss.SSSS")).isEqualTo(-1);
        assertThat(StampConverter.millisField("SSS SSS")).isEqualTo(-1);
        assertThat(StampConverter.millisField("HH:mm:ss.SSS n")).isEqualTo(-1);
        assertThat(StampConverter.millisField("HH:mm:ss[.SSS]")).isEqualTo(-1);
        agreesWithTheFormatter("HH:mm:ss.SSS A", "UTC", List.of(0L, 1_234L, 86_399_999L));
    }
}
