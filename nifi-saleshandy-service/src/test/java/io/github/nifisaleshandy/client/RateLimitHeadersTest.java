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
import org.junit.jupiter.params.provider.CsvSource;
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
        assertEquals(new RateLimitHeaders(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), NOW, Optional.empty(), ""), none);
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

    /** Saleshandy's clock in these tests: 5 minutes ahead of {@link #NOW}, so its reset 5 seconds ahead is 10:05:05. */
    private static final Instant SERVER_NOW = NOW.plus(Duration.ofMinutes(5));
    private static final String SERVER_DATE = "Thu, 26 Nov 2026 10:05:00 GMT";

    @ParameterizedTest(name = "reset {0}, this host {1} ahead")
    @CsvSource(delimiter = '|', value = {
        "Thu, 26 Nov 2026 10:05:05 GMT|-PT5M", "2026-11-26T10:05:05Z|-PT5M", "1795687505|-PT5M", "5|-PT5M",
        "Thu, 26 Nov 2026 10:05:05 GMT|PT5M", "2026-11-26T10:05:05Z|PT5M", "1795687505|PT5M", "5|PT5M",
        "Thu, 26 Nov 2026 10:05:05 GMT|PT1H", "2026-11-26T11:05:05+01:00|-PT1H", "1795687505000|PT1H", "5|-PT1H"
    })
    void aResetIsAWaitAgainstTheDateHeaderWhateverThisHostsClockSays(final String reset, final String hostAhead) {
        final Clock host = Clock.fixed(SERVER_NOW.plus(Duration.parse(hostAhead)), ZoneOffset.UTC);

        final RateLimitHeaders limits = RateLimitHeaders.from(Headers.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", reset, "Date", SERVER_DATE), host);

        assertEquals(Optional.of(Duration.ofSeconds(5)), limits.untilReset());
        assertEquals(Optional.of(SERVER_NOW.plusSeconds(5)), limits.resetAt());
    }

    @ParameterizedTest(name = "reset {0}")
    @ValueSource(strings = {"Thu, 26 Nov 2026 10:00:05 GMT", "2026-11-26T10:00:05Z", "1795687205", "5"})
    void withoutADateHeaderThisHostsClockIsTheReference(final String reset) {
        assertEquals(Optional.of(Duration.ofSeconds(5)), read("20", "0", reset).untilReset());
        assertEquals(Optional.empty(), read("20", "0", reset).hostClockAhead());
    }

    @Test
    void aHostClockWithinTheDateHeadersSecondIsTrustedForItsFinerReading() {
        final Clock host = Clock.fixed(Instant.parse("2026-11-26T10:05:00.700Z"), ZoneOffset.UTC);

        final RateLimitHeaders limits = RateLimitHeaders.from(Headers.of("x-ratelimit-reset", "1795687502", "Date", SERVER_DATE), host);

        assertEquals(Optional.of(Duration.ofMillis(1300)), limits.untilReset());
        assertEquals(Optional.empty(), limits.clockDifference());
    }

    @ParameterizedTest(name = "this host {0} ahead")
    @CsvSource(delimiter = '|', value = {
        "-PT5M|this host's clock is 5 minutes behind Saleshandy's",
        "PT1H|this host's clock is 1 hour ahead of Saleshandy's",
        "-PT59M59.2S|this host's clock is 1 hour behind Saleshandy's",
        "PT7S|this host's clock is 7 seconds ahead of Saleshandy's",
        "-PT50H|this host's clock is 2 days behind Saleshandy's"
    })
    void aClockDifferenceBeyondFiveSecondsIsToldInWords(final String hostAhead, final String told) {
        final Clock host = Clock.fixed(SERVER_NOW.plusMillis(500).plus(Duration.parse(hostAhead)), ZoneOffset.UTC);

        assertEquals(Optional.of(told), RateLimitHeaders.from(Headers.of("Date", SERVER_DATE), host).clockDifference());
    }

    @ParameterizedTest(name = "this host {0} ahead")
    @ValueSource(strings = {"PT0S", "PT4S", "-PT4.9S"})
    void aClockWithinFiveSecondsOfSaleshandysIsNotMentioned(final String hostAhead) {
        final Clock host = Clock.fixed(SERVER_NOW.plusMillis(500).plus(Duration.parse(hostAhead)), ZoneOffset.UTC);

        assertEquals(Optional.empty(), RateLimitHeaders.from(Headers.of("Date", SERVER_DATE), host).clockDifference());
    }

    @Test
    void aRetryAfterDateIsOnSaleshandysClockToo() {
        final RateLimitHeaders limits = RateLimitHeaders.from(Headers.of("Date", SERVER_DATE), clock);

        assertEquals(Optional.of(Duration.ofSeconds(8)), Retrier.retryAfter("Thu, 26 Nov 2026 10:05:08 GMT", limits.serverClock()));
    }

    @Test
    void whatWasSentIsQuotedOnlyWhereItReadsAsANumberOrADate() {
        final Headers headers = Headers.of("Retry-After", "sh-live-key", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "1795687505", "Date", SERVER_DATE);

        assertEquals("x-ratelimit-remaining: 0, x-ratelimit-reset: 1795687505, Date: " + SERVER_DATE, RateLimitHeaders.from(headers, clock).sent());
    }

    private RateLimitHeaders read(final String limit, final String remaining, final String reset) {
        return RateLimitHeaders.from(Headers.of("x-ratelimit-limit", limit, "x-ratelimit-remaining", remaining, "x-ratelimit-reset", reset), clock);
    }
}
