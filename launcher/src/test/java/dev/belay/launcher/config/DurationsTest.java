package dev.belay.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"10s,10000", "500ms,500", "PT10S,10000", "pt0.5s,500", "0.05,50", "12,12000", "2m,120000", "1h,3600000", " 3 s ,3000"})
    void acceptsTheDocumentedForms(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-1s", "10 parsecs", "1e999"})
    void refusesOthersWithAMessageThatShowsTheForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use e.g. 10s, 500ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-1s", "PT-10S", "-PT10S", "P-1D", "-500ms"})
    void refusesNegativeDurationsInEveryForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is negative (use e.g. 10s, 500ms, 2m, PT10S or a number of seconds)");
    }

    @ParameterizedTest
    @CsvSource({"10000,10s", "500,500ms", "1500,1.5s"})
    void formatsForPeople(long millis, String shown) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(shown);
    }
}
