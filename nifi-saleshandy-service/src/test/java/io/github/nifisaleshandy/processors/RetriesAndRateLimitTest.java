package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.NOW;
import static io.github.nifisaleshandy.processors.ServiceTestKit.drain;
import static io.github.nifisaleshandy.processors.ServiceTestKit.numbers;
import static io.github.nifisaleshandy.processors.ServiceTestKit.query;
import static io.github.nifisaleshandy.processors.ServiceTestKit.recipients;
import static io.github.nifisaleshandy.testapi.FakeSaleshandyApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.client.Retrier;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import io.github.nifisaleshandy.testapi.SequencePages;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the service retries, how long it waits, and how the account's one rate limit (HTTP 429, Retry-After,
 * {@code x-ratelimit-*} headers) holds back every request of every client, against the fake API and a recording sleeper
 * whose clock moves only by the waits it is asked for.
 */
class RetriesAndRateLimitTest {

    private static final NumberedPages DATA = new NumberedPages(5, 10, 4);
    private static final Duration UNTIL_RESET_5S = Duration.ofSeconds(5).plus(AccountRateLimit.RESET_MARGIN);

    private static FakeSaleshandyApi api() {
        return FakeSaleshandyApi.serving(DATA);
    }

    private static MockResponse.Builder page(final int number) {
        return json(200, DATA.body(number));
    }

    private static MockResponse.Builder tooManyRequests() {
        return json(429, "{\"message\":\"Too Many Requests\"}");
    }

    private static String httpDate(final Duration fromNow) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plus(fromNow).atZone(ZoneOffset.UTC));
    }

    // Back-off and Retry-After

    @Test
    void backsOffExponentiallyOnTransientFailuresThenSucceeds() throws Exception {
        final MockResponse down = json(503, "{\"message\":\"down\"}").build();
        try (ServiceTestKit kit = new ServiceTestKit(api().failNext(1, down, down, down))) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(4, kit.api.attempts(1));
            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), kit.sleeper.waits());
        }
    }

    @Test
    void retriesServerAndNetworkErrorsAlikeAndTellsEachRetry() throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, json(503, "unavailable").build(),
                page(1).onResponseBody(new mockwebserver3.SocketEffect.CloseSocket()).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), kit.sleeper.waits());
            assertEquals(List.of("1: TRANSIENT after PT1S", "2: TRANSIENT after PT2S"), kit.retries);
        }
    }

    @Test
    void backOffIsCappedAtThirtySeconds() {
        final SaleshandyApiException transientFailure = new SaleshandyApiException(Failure.TRANSIENT, "HTTP 503", 503, null, null);

        assertEquals(Duration.ofSeconds(30), Retrier.Policy.withMaxRetries(10).delayBeforeRetry(10, transientFailure));
    }

    @Test
    void waitsAsRetryAfterAsksOrTheDefaultWithoutIt() throws Exception {
        final FakeSaleshandyApi api = api().failNext(2, tooManyRequests().setHeader("Retry-After", "12").build(),
                tooManyRequests().setHeader("Retry-After", "60").build(), tooManyRequests().build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(Duration.ofSeconds(12), Duration.ofSeconds(60), Duration.ofSeconds(5)), kit.sleeper.waits());
            assertEquals(4, api.attempts(2));
        }
    }

    @Test
    void aRetryAfterAsAnHttpDateIsWaitedOut() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api().failNext(3, tooManyRequests().setHeader("Retry-After", httpDate(Duration.ofSeconds(7))).build()))) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(Duration.ofSeconds(7)), kit.sleeper.waits());
        }
    }

    @Test
    void aRetryAfterBeyondTheLongestWaitFailsAtOnceSayingHowLongAndHoldsTheAccountBack() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api().failNext(1, tooManyRequests().setHeader("Retry-After", String.valueOf(3 * 24 * 3600)).build()))) {
            final SaleshandyApiException e = kit.statsFailure(1, query());

            assertEquals(Failure.WAIT_TOO_LONG, e.getFailure());
            assertEquals("Page 1: HTTP 429: rate limited by Saleshandy: Saleshandy asks to wait 3 days (Retry-After: 259200), longer than the longest wait "
                    + "of 60 seconds; not retrying", e.getMessage());
            assertEquals(List.of(), kit.sleeper.waits());
            assertEquals(Failure.WAIT_TOO_LONG, kit.statsFailure(1, query()).getFailure(), "another query of the account while the asked wait lasts");
            assertEquals(1, kit.api.attempts(1), "the next request of the account is not sent while the asked wait lasts");

            kit.sleeper.sleep(Retrier.Policy.DEFAULT_MAX_RETRY_AFTER);
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())), "after the longest wait requests may find out again");
        }
    }

    @Test
    void aRateLimitMetAloneCountsAsARetryAndPausesTheAccount() throws Exception {
        final MockResponse limited = tooManyRequests().setHeader("Retry-After", "2").build();
        try (ServiceTestKit kit = new ServiceTestKit(api().failNext(1, limited, limited), Map.of("Max Retries", "1"))) {
            final SaleshandyApiException e = kit.statsFailure(1, query());

            assertEquals(Failure.RATE_LIMITED, e.getFailure());
            assertTrue(e.getMessage().endsWith("(still failing after 1 retry)"), e.getMessage());
            assertEquals(List.of(Duration.ofSeconds(2)), kit.sleeper.waits());
            assertEquals(List.of("1: RATE_LIMITED after PT2S"), kit.retries);
        }
    }

    @Test
    void givesUpAfterMaxRetriesSayingSoWithTheLastStatus() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api().failAlways(3, json(503, "down").build()))) {
            final SaleshandyApiException e = kit.statsFailure(1, query());

            assertEquals(Failure.TRANSIENT, e.getFailure());
            assertEquals(503, e.getHttpStatus());
            assertEquals("Page 3: HTTP 503: Saleshandy is unavailable: down (still failing after 3 retries)", e.getMessage());
            assertEquals(6, kit.server.getRequestCount(), "pages 1 and 2, then page 3 and its 3 retries");
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403})
    void neverRetriesARejectedKeyOrAnInvalidRequest(final int status) throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api().failAlways(1, json(status, "{\"message\":\"no\"}").build()))) {
            final SaleshandyApiException e = kit.statsFailure(4, query());

            assertEquals(status == 400 ? Failure.INVALID_REQUEST : Failure.KEY_REJECTED, e.getFailure());
            assertEquals(1, kit.server.getRequestCount());
            assertEquals(List.of(), kit.sleeper.waits());
        }
    }

    @Test
    void whileTheFirstPageBacksOffFromServerErrorsNoFurtherPageIsSent() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api().failAlways(json(503, "down").build()), Map.of("Max Retries", "2"))) {
            assertEquals(Failure.TRANSIENT, kit.statsFailure(8, query()).getFailure());

            assertEquals(3, kit.server.getRequestCount(), "page 1 and its 2 retries: it holds the query's place through its back-off");
        }
    }

    @Test
    void aNeededPageThatFailsForGoodEndsItsQueryWithoutFurtherRequests() throws Exception {
        // With instant back-off page 1 can fail three times before the query would queue its look-ahead: none may go out after.
        try (ServiceTestKit kit = new ServiceTestKit(api().failAlways(1, json(503, "down").build()), Map.of("Max Retries", "2"))) {
            for (int run = 0; run < 20; run++) {
                assertEquals("Page 1: HTTP 503: Saleshandy is unavailable: down (still failing after 2 retries)", kit.statsFailure(8, query()).getMessage());
            }

            assertEquals(60, kit.server.getRequestCount(), "page 1 and its 2 retries per query, and nothing else");
        }
    }

    // Stop

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStopEndsARealRetryAfterWaitAtOnceWithoutAnotherAttempt() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api().failAlways(1, tooManyRequests().setHeader("Retry-After", "60").build()));
             SaleshandyClient client = kit.connect(1)) {
            kit.sleeper.waitForReal();
            final CompletableFuture<SaleshandyApiException> outcome = CompletableFuture.supplyAsync(() -> failureOf(client));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (kit.retries.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(List.of("1: RATE_LIMITED after PT1M"), kit.retries, "the 429 arrived and its wait began");

            client.cancel();

            final SaleshandyApiException e = outcome.get(5, TimeUnit.SECONDS);
            assertEquals(Failure.INTERRUPTED, e.getFailure());
            assertEquals("Page 1: the processor is stopping; not retrying: Page 1: HTTP 429: rate limited by Saleshandy", e.getMessage());
            assertEquals(1, kit.api.attempts(1));
        }
    }

    @Test
    void aStoppedClientSendsNoRequest() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api()); SaleshandyClient client = kit.connect(4)) {
            client.cancel();

            assertEquals(Failure.INTERRUPTED, assertThrows(SaleshandyApiException.class, () -> drain(client.stats(query()))).getFailure());
            assertEquals(Failure.INTERRUPTED, assertThrows(SaleshandyApiException.class,
                    () -> drain(client.sequences(SequencesQuery.everySequence()))).getFailure());
            assertEquals(0, kit.server.getRequestCount());
        }
    }

    private static SaleshandyApiException failureOf(final SaleshandyClient client) {
        try {
            drain(client.stats(query()));
            return null;
        } catch (final SaleshandyApiException e) {
            return e;
        }
    }

    // x-ratelimit-* headers

    static Stream<Arguments> resetForms() {
        return Stream.of(Arguments.of("HTTP date", httpDate(Duration.ofSeconds(5))), Arguments.of("ISO-8601 instant", NOW.plusSeconds(5).toString()),
                Arguments.of("epoch seconds", String.valueOf(NOW.plusSeconds(5).getEpochSecond())),
                Arguments.of("epoch milliseconds", String.valueOf(NOW.plusSeconds(5).toEpochMilli())), Arguments.of("seconds from now", "5"));
    }

    @ParameterizedTest(name = "reset as {0}")
    @MethodSource("resetForms")
    void theNextRequestWaitsUntilTheResetWhenAnAnswerSaysNoneAreLeft(final String form, final String reset) throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, page(1).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", reset).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(UNTIL_RESET_5S), kit.sleeper.waits(), "only the requests after the one that used the last are held back");
            assertEquals(5, kit.server.getRequestCount());
        }
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void aFirstPageSayingNoneAreLeftPausesTheQueryUntilTheResetAndEveryRecordArrivesOnce(final int concurrency) throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, page(1).setHeader("x-ratelimit-limit", "20").setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-reset", httpDate(Duration.ofSeconds(5))).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(concurrency, query())));

            assertEquals(1, api.attempts(2), "page 2 was not rate limited, so it was asked for once");
            assertFalse(kit.sleeper.waits().isEmpty());
            assertTrue(kit.sleeper.waits().stream().allMatch(UNTIL_RESET_5S::equals), kit.sleeper.waits().toString());
        }
    }

    @ParameterizedTest(name = "remaining {0}, reset {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {"1|30", "0|Thu, 26 Nov 2026 09:59:00 GMT"})
    void requestsLeftOrAResetInThePastMeanNoWait(final String remaining, final String reset) throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, page(1).setHeader("x-ratelimit-remaining", remaining).setHeader("x-ratelimit-reset", reset).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(), kit.sleeper.waits());
        }
    }

    @Test
    void noneLeftUntilAResetBeyondTheLongestWaitFailsTheNextRequestAtOnceSayingHowLong() throws Exception {
        final String inAYear = String.valueOf(NOW.plus(Duration.ofDays(365)).getEpochSecond());
        final FakeSaleshandyApi api = api().failNext(1, page(1).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", inAYear).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final SaleshandyApiException e = kit.statsFailure(1, query());

            assertEquals(Failure.WAIT_TOO_LONG, e.getFailure());
            assertEquals("Page 2: not sent: Saleshandy asks to wait 365 days (x-ratelimit-remaining: 0, x-ratelimit-reset: " + inAYear
                    + "), longer than the longest wait of 60 seconds; not retrying", e.getMessage());
            assertEquals(List.of(), kit.sleeper.waits());
            assertEquals(1, kit.server.getRequestCount());
        }
    }

    /** Past about 292 years a wait no longer fits in a long of nanoseconds: the query must still fail as WAIT_TOO_LONG, not with an ArithmeticException. */
    @ParameterizedTest(name = "reset {0}")
    @ValueSource(strings = {"Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59Z", "999999999999"})
    void noneLeftUntilAResetCenturiesAwayFailsTheNextRequestAsWaitTooLong(final String reset) throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, page(1).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", reset).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final SaleshandyApiException e = kit.statsFailure(1, query());

            assertEquals(Failure.WAIT_TOO_LONG, e.getFailure());
            assertTrue(e.getMessage().startsWith("Page 2: not sent: Saleshandy asks to wait "), e.getMessage());
            assertEquals(1, kit.server.getRequestCount());
        }
    }

    @Test
    void aResetBeyondTheLongestWaitOnSaleshandysClockSaysHowFarThisHostsClockIsOff() throws Exception {
        final String date = httpDate(Duration.ofMinutes(5));
        final String inTwoMinutes = String.valueOf(NOW.plus(Duration.ofMinutes(7)).getEpochSecond());
        final FakeSaleshandyApi api = api().failNext(1, page(1).setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", inTwoMinutes)
                .setHeader("Date", date).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final SaleshandyApiException e = kit.statsFailure(1, query());

            assertEquals("Page 2: not sent: Saleshandy asks to wait 120 seconds (x-ratelimit-remaining: 0, x-ratelimit-reset: " + inTwoMinutes + ", Date: "
                    + date + "), longer than the longest wait of 60 seconds; this host's clock is 5 minutes behind Saleshandy's; not retrying", e.getMessage());
        }
    }

    @Test
    void a429WithoutRetryAfterWaitsUntilTheReset() throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, tooManyRequests().setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-reset", httpDate(Duration.ofSeconds(8))).build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(Duration.ofSeconds(8).plus(AccountRateLimit.RESET_MARGIN)), kit.sleeper.waits());
        }
    }

    @Test
    void a429WaitsForTheLaterOfRetryAfterAndTheResetOfAWindowWithNoneLeft() throws Exception {
        final FakeSaleshandyApi api = api().failNext(1,
                tooManyRequests().setHeader("Retry-After", "2").setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "30").build(),
                tooManyRequests().setHeader("Retry-After", "2").setHeader("x-ratelimit-remaining", "3").setHeader("x-ratelimit-reset", "30").build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(Duration.ofSeconds(30).plus(AccountRateLimit.RESET_MARGIN), Duration.ofSeconds(2)), kit.sleeper.waits());
        }
    }

    @Test
    void a429WithNeitherRetryAfterNorAFutureResetWaitsTheDefault() throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, tooManyRequests().setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-reset", "2026-11-26T09:00:00Z").build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(Retrier.Policy.DEFAULT_RATE_LIMIT_WAIT), kit.sleeper.waits());
        }
    }

    @Test
    void a429CarriesTheWaitItsResetHeaderAsks() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(api().failNext(1, tooManyRequests().setHeader("x-ratelimit-reset", "7").build()),
                Map.of("Max Retries", "0"))) {
            final SaleshandyApiException e = kit.statsFailure(1, query());

            assertEquals(Failure.RATE_LIMITED, e.getFailure());
            assertEquals(Duration.ofSeconds(7), e.getRetryAfter().orElseThrow());
        }
    }

    @Test
    void aServerErrorSayingNoneAreLeftHoldsTheRetryBackUntilTheReset() throws Exception {
        final FakeSaleshandyApi api = api().failNext(1, json(503, "busy").setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "10").build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));

            assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(9).plus(AccountRateLimit.RESET_MARGIN)), kit.sleeper.waits(),
                    "back-off of 1 s, then the rest of the 10 s and the margin");
        }
    }

    // One account, every client

    @Test
    void aPauseMetByTheListingHoldsBackTheStatsOfAnotherClientOnTheSameService() throws Exception {
        final FakeSaleshandyApi api = api().withSequences(url -> json(200, SequencePages.page(1, 2))
                .setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "9").build());
        try (ServiceTestKit kit = new ServiceTestKit(api); SaleshandyClient lister = kit.connect(1)) {
            assertEquals(1, drain(lister.sequences(SequencesQuery.everySequence())).size());
            assertEquals(List.of(), kit.sleeper.waits(), "the listing that used the last request is not held back itself");

            assertEquals(DATA.recipients(), recipients(kit.stats(4, query())));

            assertEquals(Duration.ofSeconds(9).plus(AccountRateLimit.RESET_MARGIN), kit.sleeper.waits().getFirst(), "the other client waited for the reset");
        }
    }

    @Test
    void aServiceWithAnotherKeyIsNotHeldBack() throws Exception {
        final FakeSaleshandyApi api = api().withSequences(url -> json(200, SequencePages.page(1, 2))
                .setHeader("x-ratelimit-remaining", "0").setHeader("x-ratelimit-reset", "9").build());
        try (ServiceTestKit kit = new ServiceTestKit(api)) {
            final StandardSaleshandyConnectionService other = kit.add("another account", "another-key", Map.of());
            try (SaleshandyClient lister = kit.connect(other, 1)) {
                drain(lister.sequences(SequencesQuery.everySequence()));
            }

            assertEquals(DATA.recipients(), recipients(kit.stats(1, query())));
            assertEquals(List.of(), kit.sleeper.waits());
        }
    }

    // Rate-limited mode of the fake API: Saleshandy's fixed window of requests

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void withRateLimitHeadersEveryPageArrivesOnceAndNo429IsMet(final int concurrency) throws Exception {
        final NumberedPages pages = new NumberedPages(12, 10, 10);
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(pages))) {
            kit.api.withRateLimit(3, Duration.ofSeconds(10), true, kit.clock);

            final List<StatsPage> received = kit.stats(concurrency, query());

            assertEquals(IntStream.rangeClosed(1, 12).boxed().toList(), numbers(received));
            assertEquals(pages.recipients(), recipients(received));
            assertTrue(kit.api.arrivals().stream().allMatch(FakeSaleshandyApi.Arrival::allowed), kit.api.arrivals().toString());
            assertEquals(12, kit.api.arrivals().size());
            assertFalse(kit.sleeper.waits().isEmpty(), "12 requests at 3 a window wait for 3 resets");
        }
    }

    @ParameterizedTest(name = "{0} requests in flight")
    @ValueSource(ints = {1, 4})
    void withoutRateLimitHeadersEvery429IsWaitedOutAndEveryPageArrivesOnce(final int concurrency) throws Exception {
        final NumberedPages pages = new NumberedPages(12, 10, 10);
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(pages))) {
            kit.api.withRateLimit(3, Duration.ofSeconds(10), false, kit.clock);

            final List<StatsPage> received = kit.stats(concurrency, query());

            assertEquals(IntStream.rangeClosed(1, 12).boxed().toList(), numbers(received));
            assertEquals(pages.recipients(), recipients(received));
            final long refused = kit.api.arrivals().stream().filter(arrival -> !arrival.allowed()).count();
            assertTrue(refused >= 3, "every window after the first is found by a 429: " + kit.api.arrivals());
            // Each wait is a Retry-After of the window's rest; with 4 in flight their sum moves the shared clock further, so the values vary.
            assertFalse(kit.sleeper.waits().isEmpty());
            assertTrue(kit.sleeper.waits().stream().allMatch(wait -> !wait.isZero() && wait.compareTo(Duration.ofSeconds(11)) <= 0), kit.sleeper.waits().toString());
        }
    }
}
