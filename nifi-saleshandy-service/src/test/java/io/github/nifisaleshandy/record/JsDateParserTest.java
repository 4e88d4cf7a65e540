package io.github.nifisaleshandy.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsDateParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // What the API documents (with a wrong weekday: Dec 18 2024 was a Wednesday).
        "Thu Dec 18 2024 10:59:29 GMT+5:30 (Asia/Kolkata)|2024-12-18T05:29:29Z",
        // What JavaScript's Date.toString() prints.
        "Wed Dec 18 2024 10:59:29 GMT+0530 (India Standard Time)|2024-12-18T05:29:29Z",
        "Wed Dec 18 2024 10:59:29 GMT-0800 (Pacific Standard Time)|2024-12-18T18:59:29Z",
        "Wed Dec 18 2024 10:59:29 GMT+0000 (Coordinated Universal Time)|2024-12-18T10:59:29Z",
        "Wed Dec 18 2024 10:59:29 GMT+0000|2024-12-18T10:59:29Z",
        "Wed Dec 18 2024 10:59:29 GMT+05:30|2024-12-18T05:29:29Z",
        "Wed Dec 18 2024 10:59:29 GMT-3|2024-12-18T13:59:29Z",
        "Wed Dec 18 2024 10:59:29 GMT|2024-12-18T10:59:29Z",
        "Fri Sep 05 2025 01:02:03 GMT+0545 (Nepal Time)|2025-09-04T19:17:03Z",
        "Tue Dec 31 2024 23:30:00 GMT-1000 (Hawaii-Aleutian Standard Time)|2025-01-01T09:30:00Z",
        "Wed Jan 01 2025 00:30:00 GMT+0100 (Central European Standard Time)|2024-12-31T23:30:00Z",
        "Thu Feb 29 2024 12:00:00 GMT+0000 (UTC)|2024-02-29T12:00:00Z",
        // Without the weekday, odd spacing, lower case.
        "Dec 18 2024 10:59:29 GMT+0530|2024-12-18T05:29:29Z",
        "  wed  dec 18 2024 10:59:29 gmt+0530   (IST)  |2024-12-18T05:29:29Z",
        "Wed Dec 8 2024 9:05:00 GMT+0000|2024-12-08T09:05:00Z",
        "Mon Dec 18 2024 10:59:29 GMT+14:00 (Line Islands Time)|2024-12-17T20:59:29Z"
    })
    void readsJavaScriptDateText(final String text, final String expected) {
        assertEquals(Instant.parse(expected), JsDateParser.parse(text));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "", "   ", "not a date", "2024-12-18T10:59:29Z", "1734519569000",
        "Wed Dec 32 2024 10:59:29 GMT+0530", "Wed Feb 29 2023 10:59:29 GMT+0000", "Wed Foo 18 2024 10:59:29 GMT+0530",
        "Wed Dec 18 2024 24:00:00 GMT+0530", "Wed Dec 18 2024 10:60:00 GMT+0530", "Wed Dec 18 2024 10:59:61 GMT+0530",
        "Wed Dec 18 2024 10:59:29 GMT+1900", "Wed Dec 18 2024 10:59:29 GMT+05:61", "Wed Dec 18 2024 10:59:29 GMT+053",
        "Wed Dec 18 2024 10:59:29", "Wed Dec 18 2024 10:59:29 PST", "Wed Dec 18 2024 10:59:29 GMT+0530 (unclosed",
        "Wed Dec 18 2024 10:59:29 GMT+0530 (IST) trailing", "Wed Dec 18 24 10:59:29 GMT+0530", "Wednesday Dec 18 2024 10:59:29 GMT+0530",
        "Wed Dec 0 2024 10:59:29 GMT+0530", "WedDec 18 2024 10:59:29 GMT+0530"
    })
    void returnsNullForAnythingElse(final String text) {
        assertNull(JsDateParser.parse(text));
    }
}
