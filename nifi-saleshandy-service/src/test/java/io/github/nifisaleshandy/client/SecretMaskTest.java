package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskTest {

    private static final String KEY = "k/ey-Secret+123=";
    private final SecretMask mask = new SecretMask(KEY);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "as is|k/ey-Secret+123=",
        "escaped slash|k\\/ey-Secret+123=",
        "every character escaped, lower-case hex|\\u006b\\u002f\\u0065\\u0079\\u002d\\u0053\\u0065\\u0063"
                + "\\u0072\\u0065\\u0074\\u002b\\u0031\\u0032\\u0033\\u003d",
        "every character escaped, upper-case hex|\\u006B\\u002F\\u0065\\u0079\\u002D\\u0053\\u0065\\u0063"
                + "\\u0072\\u0065\\u0074\\u002B\\u0031\\u0032\\u0033\\u003D",
        "some characters escaped|\\u006b/e\\u0079-Secret\\u002B123=",
        "percent-encoded, upper-case hex|k%2Fey-Secret%2B123%3D",
        "percent-encoded, lower-case hex, mixed|k%2fey-Secret+123%3d",
    })
    void masksEveryEncodingOfTheKey(final String name, final String echoed) {
        assertEquals("key: **** end", mask.mask("key: " + echoed + " end"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(booleans = {true, false})
    void masksTheKeyInBase64(final boolean padded) {
        final Base64.Encoder encoder = padded ? Base64.getEncoder() : Base64.getEncoder().withoutPadding();
        final String encoded = encoder.encodeToString(KEY.getBytes(StandardCharsets.UTF_8));

        assertEquals("Basic ****", mask.mask("Basic " + encoded));
        assertEquals("Basic ****", mask.mask("Basic " + encoded.replace("/", "\\/")));
        assertEquals("Basic ****", mask.mask("Basic " + URLEncoder.encode(encoded, StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k/ey-Secret+12", "nothing secret here", "k\\/ey"})
    void leavesOtherTextAlone(final String text) {
        assertEquals(text, mask.mask(text));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {""})
    void anEmptySecretMasksNothing(final String secret) {
        assertEquals("anything", new SecretMask(secret).mask("anything"));
    }
}
