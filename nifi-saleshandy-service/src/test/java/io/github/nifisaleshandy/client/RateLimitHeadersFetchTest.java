package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Saleshandy's {@code x-ratelimit-*} headers, read by the real client from MockWebServer and acted on by the retrying
 * fetcher: the waits are what the {@link RecordingSleeper} was asked for.
 */
class RateLimitHeadersFetchTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final StatsRequest PAGE_1 = new StatsRequest(List.of("a"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), 1, 10);
    private static final StatsRequest PAGE_2 = PAGE_1.withPageNumber(2);

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AccountRateLimit account = new AccountRateLimit(sleeper, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 8);
    private final AtomicInteger retries = new AtomicInteger();
    private SaleshandyClient<Void> client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        client = SaleshandyClient.verbatim(http, server.url("/"), "key", new JsonFactory(), CLOCK);
    }

    @AfterEach
    void stop() {
        server.close();
        http.connectionPool().evictAll();
    }

    @ParameterizedTest(name = "reset as {0}")
    @CsvSource(delimiter = '|', value = {
        "HTTP date|Thu, 26 Nov 2026 10:00:05 GMT",
        "ISO-8601 instant|2026-11-26T10:00:05Z",
        "epoch seconds|1795687205",
        "seconds from now|5"
    })
    void theNextRequestWaitsUntilTheResetWhenASuccessfulResponseSaysNoneAreLeft(final String form, final String reset) throws Exception {
        server.enqueue(page(1, true).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", reset).build());
        server.enqueue(page(2, false).build());

        fetch(PAGE_1);
        assertEquals(List.of(), sleeper.waits(), "the page that used the last request is not held back itself");
        fetch(PAGE_2);

        assertEquals(List.of(Duration.ofSeconds(5).plus(AccountRateLimit.RESET_MARGIN)), sleeper.waits());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void requestsLeftMeanNoWait() throws Exception {
        assertEquals(List.of(), waitsFetchingTwoPagesAfter("1", "30"));
    }

    @Test
    void everyRunOfTheAccountWaitsForTheReset() throws Exception {
        server.enqueue(page(1, true).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "9").build());
        server.enqueue(page(2, false).build());

        fetcher().fetch(PAGE_1, account.newRun(4).ticket());
        fetcher().fetch(PAGE_2, account.newRun(4).ticket());

        assertEquals(List.of(Duration.ofSeconds(9).plus(AccountRateLimit.RESET_MARGIN)), sleeper.waits());
    }

    @Test
    void noneLeftUntilAResetBeyondTheLongestWaitFailsTheNextRequestAtOnceSayingHowLong() throws Exception {
        final String inAYear = String.valueOf(NOW.plus(Duration.ofDays(365)).getEpochSecond());
        server.enqueue(page(1, true).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", inAYear).build());
        fetch(PAGE_1);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> fetch(PAGE_2));

        assertEquals(Failure.WAIT_TOO_LONG, e.getFailure());
        assertTrue(e.getMessage().contains("Saleshandy asks to wait 365 days (x-ratelimit-remaining: 0 until x-ratelimit-reset "), e.getMessage());
        assertEquals(List.of(), sleeper.waits());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aResetInThePastMeansNoWait() throws Exception {
        assertEquals(List.of(), waitsFetchingTwoPagesAfter("0", "Thu, 26 Nov 2026 09:59:00 GMT"));
    }

    @Test
    void a429WithoutRetryAfterWaitsUntilTheReset() throws Exception {
        final String inEightSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(8).atZone(ZoneOffset.UTC));
        server.enqueue(tooManyRequests().setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", inEightSeconds).build());
        server.enqueue(page(1, false).build());

        fetch(PAGE_1);

        assertEquals(List.of(Duration.ofSeconds(8).plus(AccountRateLimit.RESET_MARGIN)), sleeper.waits());
    }

    @Test
    void a429WaitsForTheLaterOfRetryAfterAndTheResetOfAWindowWithNoneLeft() throws Exception {
        server.enqueue(tooManyRequests().setHeader("Retry-After", "2").setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "30").build());
        server.enqueue(tooManyRequests().setHeader("Retry-After", "2").setHeader("x-ratelimit-remaining", "3").setHeader("x-ratelimit-reset", "30").build());
        server.enqueue(page(1, false).build());

        fetch(PAGE_1);

        assertEquals(List.of(Duration.ofSeconds(30).plus(AccountRateLimit.RESET_MARGIN), Duration.ofSeconds(2)), sleeper.waits());
    }

    @Test
    void a429WithNeitherRetryAfterNorAFutureResetWaitsTheDefault() throws Exception {
        server.enqueue(tooManyRequests().setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "2026-11-26T09:00:00Z").build());
        server.enqueue(page(1, false).build());

        fetch(PAGE_1);

        assertEquals(List.of(RetryPolicy.DEFAULT_RATE_LIMIT_WAIT), sleeper.waits());
    }

    @Test
    void aServerErrorSayingNoneAreLeftHoldsTheRetryBackUntilTheReset() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("busy").setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "10").build());
        server.enqueue(page(1, false).build());

        fetch(PAGE_1);

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(9).plus(AccountRateLimit.RESET_MARGIN)), sleeper.waits(),
                "back-off of 1 s, then the rest of the 10 s and the margin");
    }

    @Test
    void theClientReportsWhatTheHeadersSaid() throws Exception {
        server.enqueue(page(1, true).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "5").build());
        server.enqueue(tooManyRequests().setHeader("x-ratelimit-reset", "7").build());

        assertEquals(Optional.of(Duration.ofSeconds(5)), client.fetchPage(PAGE_1).rateLimit().untilReset());
        final SaleshandyApiException rateLimited = assertThrows(SaleshandyApiException.class, () -> client.fetchPage(PAGE_2));
        assertEquals(Optional.of(Duration.ofSeconds(7)), rateLimited.getRetryAfter());
        assertEquals(OptionalLong.empty(), rateLimited.getRateLimit().remaining(), "remaining was not sent");
    }

    @Test
    void aPageCarriesTheRequestsLeftForItsRunToAdaptTo() throws Exception {
        server.enqueue(page(1, true).setHeader("x-ratelimit-limit", "60").setHeader("x-ratelimit-remaining", "42").build());
        server.enqueue(page(2, false).build());

        assertEquals(OptionalLong.of(42), client.fetchPage(PAGE_1).rateLimit().remaining());
        assertEquals(OptionalLong.empty(), client.fetchPage(PAGE_2).rateLimit().remaining());
    }

    @Test
    void aRetried429IsToldToTheListener() throws Exception {
        server.enqueue(tooManyRequests().setHeader("Retry-After", "1").build());
        server.enqueue(page(1, false).build());

        fetch(PAGE_1);

        assertEquals(1, retries.get());
    }

    private PageFetcher<Void> fetcher() {
        return client.retrying(new Retrier(RetryPolicy.withMaxRetries(3), sleeper, account, new StopSignal(), (failure, retry, wait) -> retries.incrementAndGet()));
    }

    private StatsPage<Void> fetch(final StatsRequest request) throws SaleshandyApiException {
        return fetcher().fetch(request, account.fixedRun(1).ticket());
    }

    private static MockResponse.Builder page(final int number, final boolean hasMore) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(StatsPages.page(number, (number - 1) * 10, 10, hasMore));
    }

    private static MockResponse.Builder tooManyRequests() {
        return new MockResponse.Builder().code(429).body("{\"message\":\"Too Many Requests\"}");
    }

    /** The waits of fetching page 1, whose response carries these rate-limit headers, then page 2. */
    private List<Duration> waitsFetchingTwoPagesAfter(final String remaining, final String reset) throws Exception {
        server.enqueue(page(1, true).setHeader("x-ratelimit-remaining", remaining).setHeader("x-ratelimit-reset", reset).build());
        server.enqueue(page(2, false).build());
        fetch(PAGE_1);
        fetch(PAGE_2);
        return sleeper.waits();
    }
}
