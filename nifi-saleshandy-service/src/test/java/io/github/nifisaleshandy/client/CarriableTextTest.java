package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CarriableTextTest {

    private static final String KEY_START = "sk-Live9f3Q";
    private static final String KEY_END = "Zt7wXy";

    @ParameterizedTest(name = "{1} at {2}")
    @CsvSource(delimiter = '|', value = {
        "\\n| a line break| 12",
        "\\r| a line break| 12",
        "\\t| a tab| 12",
        "' '| a space| 12",
        "\\0| a NUL character| 12",
        "\\u007f| a DEL character| 12",
        "\\u0007| a control character| 12",
        "\\u0085| a control character| 12",
        "é| a non-ASCII character| 12",
        "\\u00a0| a non-ASCII character| 12",
        "\\ud83d\\udd11| a non-ASCII character| 12"})
    void aKeyHttpCannotCarryIsNamedByKindAndPositionNeverByItsCharacters(final String inside, final String kind, final int position) {
        final String key = KEY_START + unescape(inside) + KEY_END;

        final Optional<String> problem = CarriableText.headerValueProblem("API Key", key);

        assertEquals(Optional.of("API Key must contain only visible ASCII characters: found " + kind.strip() + " at position " + position), problem);
        assertFalse(problem.get().contains(KEY_START) || problem.get().contains(KEY_END) || problem.get().contains(unescape(inside).strip() + "Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", " ", "\t", " \n "})
    void whitespaceAroundAKeyIsTrimmedNotRejected(final String around) {
        final String key = KEY_START + KEY_END;

        assertEquals(Optional.empty(), CarriableText.headerValueProblem("API Key", around + key + around));
        assertEquals(key, CarriableText.headerValue(around + key + around));
    }

    @Test
    void aPositionCountsTheWhitespaceBeforeTheKeySoItPointsIntoWhatTheUserTyped() {
        assertEquals(Optional.of("API Key must contain only visible ASCII characters: found a line break at position 5"),
                CarriableText.headerValueProblem("API Key", "  ab\ncd"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\\n| true", "\\t| true", "\\0| false", "\\u007f| false", "\\u001f| false"})
    void valuesForUrlsAndBodiesMayUseWhitespaceAsASeparatorButNoOtherControlCharacter(final String inside, final boolean allowed) {
        final Optional<String> problem = CarriableText.controlCharacterProblem("Sequence IDs", "ab" + unescape(inside) + "cd", true);

        assertEquals(allowed, problem.isEmpty(), problem.toString());
        assertTrue(CarriableText.controlCharacterProblem("Sequence Name Filter", "ab" + unescape(inside) + "cd", false).isPresent());
    }

    @Test
    void nonAsciiTextIsCarriedInUrlsAndBodies() {
        assertEquals(Optional.empty(), CarriableText.controlCharacterProblem("Sequence Name Filter", "Relance été – 2025", false));
    }

    private static String unescape(final String text) {
        return text.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\\0", "\0")
                .replace("\\u007f", "\u007f").replace("\\u0007", "\u0007").replace("\\u0085", "\u0085").replace("\\u00a0", "\u00a0")
                .replace("\\u001f", "\u001f").replace("\\ud83d\\udd11", "\ud83d\udd11").replace("'", "");
    }
}
