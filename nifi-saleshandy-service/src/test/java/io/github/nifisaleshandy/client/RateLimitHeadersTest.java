package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @ParameterizedTest(name = "reset {0}")
    @ValueSource(strings = {"Thu, 26 Nov 2026 10:00:05 GMT", "2026-11-26T10:00:05Z", "2026-11-26T11:00:05+01:00", "1795687205", "1795687205000", "5"})
    void readsTheResetAsAnHttpDateAnIsoInstantEpochSecondsEpochMillisOrSecondsFromNow(final String reset) {
        final RateLimitHeaders limits = read("20", "0", reset);

        assertEquals(Optional.of(NOW.plusSeconds(5)), limits.resetAt());
        assertEquals(Optional.of(Duration.ofSeconds(5)), limits.untilReset());
    }

    @Test
    void readsLimitAndRemaining() {
        final RateLimitHeaders limits = read(" 20 ", "7", "30");

        assertEquals(OptionalLong.of(20), limits.limit());
        assertEquals(OptionalLong.of(7), limits.remaining());
    }

    @Test
    void theResetIsReadWhateverIsLeft() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), read("20", "1", "30").untilReset());
    }

    @ParameterizedTest(name = "reset {0}")
    @ValueSource(strings = {"Thu, 26 Nov 2026 09:59:00 GMT", "2026-11-26T09:00:00Z", "1795687100", "0"})
    void aResetInThePastOrNowMeansNoWait(final String reset) {
        assertEquals(Optional.empty(), read("20", "0", reset).untilReset());
        assertEquals(Optional.empty(), read("20", "0", reset).untilReset());
    }

    @ParameterizedTest(name = "reset ''{0}''")
    @ValueSource(strings = {"", " ", "soon", "-5", "1.5", "2026-11-26T10:00:05", "99999999999999999999999"})
    void anUnreadableResetIsIgnored(final String reset) {
        assertEquals(Optional.empty(), read("20", "0", reset).resetAt());
        assertEquals(Optional.empty(), read("20", "0", reset).untilReset());
    }

    @Test
    void missingOrGarbageHeadersAreEmpty() {
        final RateLimitHeaders none = RateLimitHeaders.from(Headers.of(), clock);
        assertEquals(new RateLimitHeaders(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), NOW), none);
        assertEquals(Optional.empty(), none.untilReset());

        assertEquals(OptionalLong.empty(), read("many", "none", "30").remaining());
        assertEquals(Optional.empty(), RateLimitHeaders.from(Headers.of("x-ratelimit-remaining", "0"), clock).untilReset());
    }

    @Test
    void aResetFarAheadIsReportedAsItIsForTheCallerToJudge() {
        assertEquals(Optional.of(Duration.ofDays(365)), read("20", "0", String.valueOf(NOW.plus(Duration.ofDays(365)).getEpochSecond()))
                .untilReset());
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        final Headers headers = Headers.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "12");

        assertEquals(Optional.of(Duration.ofSeconds(12)), RateLimitHeaders.from(headers, clock).untilReset());
    }

    private RateLimitHeaders read(final String limit, final String remaining, final String reset) {
        return RateLimitHeaders.from(Headers.of("x-ratelimit-limit", limit, "x-ratelimit-remaining", remaining, "x-ratelimit-reset", reset), clock);
    }
}
