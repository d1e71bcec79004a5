package dev.belay.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormTest {

    @Test
    void encodesNamesAndValuesInUtf8WithSpacesAsPlus() {
        assertThat(new Form().add("a b", "x&y=z+1 ü").add("n", 3).add("empty", null).encode())
                .isEqualTo("a+b=x%26y%3Dz%2B1+%C3%BC&n=3&empty=");
    }

    @Test
    void toStringNamesFieldsButNeverShowsValues() {
        assertThat(new Form().add("RobotGUID", "secret-guid").add("Status", 2).toString())
                .isEqualTo("Form[RobotGUID, Status]");
    }
}
