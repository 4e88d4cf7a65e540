package io.github.nifisaleshandy.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YesNoFlagTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(value = {
        "Yes, TRUE", "yes, TRUE", "YES, TRUE", "' Yes ', TRUE", "true, TRUE", "True, TRUE",
        "No, FALSE", "no, FALSE", "NO, FALSE", "false, FALSE",
        "'', EMPTY", "'   ', EMPTY",
        "Y, UNKNOWN", "N, UNKNOWN", "1, UNKNOWN", "Maybe, UNKNOWN", "Yes please, UNKNOWN"
    })
    void readsFlagsSensibly(final String text, final StatsRowConverter.Flag expected) {
        assertEquals(expected, StatsRowConverter.flag(text));
    }

    @ParameterizedTest
    @CsvSource(value = {"'', EMPTY"})
    void treatsNullAsEmpty(final String ignored, final StatsRowConverter.Flag expected) {
        assertEquals(expected, StatsRowConverter.flag(null));
    }
}
