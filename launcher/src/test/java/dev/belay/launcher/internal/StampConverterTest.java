package dev.belay.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
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

    /**
     * Without a named zone the offsets come from {@link TimeZone}: they must be java.time's, at every
     * change of each of these zones in three years (half-hour and 45-minute offsets, a half-hour daylight
     * saving change, Dublin's "negative" one) and at random times from 1970 to 2100 in any order.
     */
    @Test
    void inTheJvmsOwnZoneTheOffsetsAreJavaTimesAtEveryChange() {
        TimeZone before = TimeZone.getDefault();
        try {
            for (String zone : List.of("Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu",
                    "Europe/Dublin", "America/Santiago", "UTC")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                List<Long> times = new ArrayList<>();
                ZoneRules rules = ZoneId.of(zone).getRules();
                ZoneOffsetTransition change = rules.nextTransition(Instant.parse("2025-01-01T00:00:00Z"));
                while (change != null && change.getInstant().isBefore(Instant.parse("2028-01-01T00:00:00Z"))) {
                    long t = change.getInstant().toEpochMilli();
                    for (long d : new long[] {-1_001, -1_000, -999, -1, 0, 1, 999, 1_000, 3_600_000}) {
                        times.add(t + d);
                    }
                    change = rules.nextTransition(change.getInstant());
                }
                Random random = new Random(zone.hashCode());
                for (int i = 0; i < 500; i++) {
                    times.add((long) (random.nextDouble() * 4_102_444_800_000L)); // 1970 to 2100
                }
                for (String pattern : List.of(FILE, CONSOLE, "yyyy-MM-dd HH:mm:ss xx", "HH:mm:ss.SSS O")) {
                    StampConverter stamp = converter(pattern);
                    DateTimeFormatter expected = DateTimeFormatter.ofPattern(pattern).withZone(ZoneId.of(zone));
                    for (long t : times) {
                        assertThat(stamp.format(t)).as("%s in %s at %d", pattern, zone, t)
                                .isEqualTo(expected.format(Instant.ofEpochMilli(t)));
                    }
                }
                // A field that names the zone takes the zone's rules, as %d does.
                StampConverter named = converter("HH:mm:ss.SSS VV z");
                assertThat(named.format(times.get(0))).isEqualTo(DateTimeFormatter.ofPattern("HH:mm:ss.SSS VV z")
                        .withZone(ZoneId.of(zone)).format(Instant.ofEpochMilli(times.get(0))));
            }
        } finally {
            TimeZone.setDefault(before);
        }
        assertThat(StampConverter.namesTheZone("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).isFalse();
        assertThat(StampConverter.namesTheZone("HH:mm 'z' O")).isFalse();
        assertThat(StampConverter.namesTheZone("HH:mm zzzz")).isTrue();
        assertThat(StampConverter.namesTheZone("HH:mm v")).isTrue();
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
