package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.BackgroundCall;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RetrierTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Deque<Object> outcomes = new ArrayDeque<>();
    private final AccountRateLimit account = new AccountRateLimit(sleeper, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 8);
    private final List<Integer> retries = new ArrayList<>();
    private int calls;

    private final Retrier.Attempt<StatsPage<Void>> scripted = () -> {
        calls++;
        final Object next = outcomes.removeFirst();
        if (next instanceof SaleshandyApiException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        final StatsPage<Void> page = (StatsPage<Void>) next;
        return page;
    };

    @Test
    void backsOffExponentiallyOnTransientFailuresThenSucceeds() throws Exception {
        final StatsPage page = page();
        outcomes.add(transientFailure());
        outcomes.add(transientFailure());
        outcomes.add(transientFailure());
        outcomes.add(page);

        assertSame(page, call(3));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeper.waits());
    }

    @Test
    void waitsAsRetryAfterAsksOrTheDefaultWithoutIt() throws Exception {
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, Duration.ofSeconds(12)));
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, RetryPolicy.DEFAULT_MAX_RETRY_AFTER));
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, null));
        outcomes.add(page());

        call(3);

        assertEquals(List.of(Duration.ofSeconds(12), RetryPolicy.DEFAULT_MAX_RETRY_AFTER, RetryPolicy.DEFAULT_RATE_LIMIT_WAIT), sleeper.waits());
    }

    @Test
    void aRetryAfterBeyondTheLongestWaitFailsAtOnceSayingHowLongAndHoldsTheAccountBack() throws Exception {
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "Page 1: HTTP 429: rate limited by Saleshandy", 429, Duration.ofDays(3)));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> call(3));

        assertEquals(Failure.WAIT_TOO_LONG, e.getFailure());
        assertEquals("Page 1: HTTP 429: rate limited by Saleshandy: Saleshandy asks to wait 3 days (Retry-After), longer than the longest wait "
                + "of 60 seconds; not retrying", e.getMessage());
        assertEquals(List.of(), sleeper.waits());
        final SaleshandyApiException next = assertThrows(SaleshandyApiException.class, () -> call(3));
        assertEquals(Failure.WAIT_TOO_LONG, next.getFailure());
        assertEquals(1, calls, "the next request of the account is not sent while the asked wait lasts");
        sleeper.sleep(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
        outcomes.add(transientFailure());
        assertThrows(SaleshandyApiException.class, () -> call(0));
        assertEquals(2, calls, "after the longest wait one request may find out again");
    }

    @Test
    void aRateLimitMetAmongOtherRequestsLowersTheLimitWithoutUsingARetry() throws Exception {
        final AccountRateLimit.Run run = account.fixedRun(2);
        final AccountRateLimit.Permit other = account.acquire(run.ticket(), sleeper, new StopSignal(), "other", null);
        final StatsPage<Void> page = page();
        final Retrier.Attempt<StatsPage<Void>> throttledWhileOtherInFlight = () -> {
            if (calls++ > 0) {
                return page;
            }
            other.answered(RateLimitHeaders.NONE);
            throw new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, null);
        };

        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(0), sleeper, account, new StopSignal(), (f, retry, w) -> retries.add(retry));
        assertSame(page, retrier.call("Page 1", run.ticket(), throttledWhileOtherInFlight, StatsPage::rateLimit));

        assertEquals(List.of(0), retries, "told as a retry that does not count");
        assertEquals(1, account.limit(), "two in flight met a 429: the limit halves");
        assertEquals(List.of(Duration.ZERO), sleeper.waits(), "no Retry-After: its next turn comes under the lowered limit");
    }

    @Test
    void aRateLimitMetAloneCountsAsARetryAndPausesTheAccount() {
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, Duration.ofSeconds(2)));
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, Duration.ofSeconds(2)));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> call(1));

        assertTrue(e.getMessage().endsWith("(still failing after 1 retry)"), e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits(), "the pause is the account's, waited before the next attempt");
        assertEquals(8, account.limit(), "one request in flight says nothing about how many may be");
    }

    @Test
    @Timeout(10)
    void aNeededPageThatStillFailsEndsTheRequestsOfItsWalkQueuedBehindIt() throws Exception {
        assertEndsTheQueuedRequestsOfItsWalk(transientFailure());
    }

    @Test
    @Timeout(10)
    void aNeededPageStillRateLimitedAloneEndsTheRequestsOfItsWalkQueuedBehindIt() throws Exception {
        assertEndsTheQueuedRequestsOfItsWalk(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, Duration.ofSeconds(1)));
    }

    /** A look-ahead queued behind the needed page is refused, not started in its place, once that page fails for good. */
    private void assertEndsTheQueuedRequestsOfItsWalk(final SaleshandyApiException failure) throws Exception {
        final AccountRateLimit.Run run = account.newRun(8);
        final AccountRateLimit.Walk walk = run.walk();
        final AccountRateLimit.Ticket needed = walk.ticket(() -> true);
        final AccountRateLimit.Ticket lookAhead = walk.ticket(() -> false);
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(0), sleeper, account, new StopSignal(), (f, retry, w) -> { });
        final AtomicInteger lookAheadAttempts = new AtomicInteger();
        final AtomicReference<BackgroundCall<StatsPage<Void>>> queued = new AtomicReference<>();
        final Retrier.Attempt<StatsPage<Void>> failsOnceTheLookAheadWaits = () -> {
            queued.set(BackgroundCall.start(() -> retrier.call("Page 2", lookAhead, () -> {
                lookAheadAttempts.incrementAndGet();
                return page();
            }, StatsPage::rateLimit)).awaitParkedOrDone());
            throw failure;
        };

        assertSame(failure, assertThrows(SaleshandyApiException.class,
                () -> retrier.call("Page 1", needed, failsOnceTheLookAheadWaits, StatsPage::rateLimit)));

        final SaleshandyApiException refused = (SaleshandyApiException) queued.get().failure();
        assertEquals(Failure.INTERRUPTED, refused.getFailure());
        assertEquals("Page 2: not sent: a page its walk needed failed", refused.getMessage());
        assertEquals(0, lookAheadAttempts.get());
        assertEquals(Failure.INTERRUPTED, assertThrows(SaleshandyApiException.class,
                () -> retrier.call("Page 3", walk.ticket(() -> false), scripted, StatsPage::rateLimit)).getFailure(),
                "a look-ahead the pager queues only after the failure is refused too");
        outcomes.add(page());
        assertEquals(10, retrier.call("Page 1 of the next window", run.walk().ticket(() -> true), scripted, StatsPage::rateLimit).recordCount(),
                "the run's next walk is not refused");
    }

    @Test
    void givesUpAfterMaxRetriesSayingSo() {
        for (int i = 0; i < 3; i++) {
            outcomes.add(transientFailure());
        }

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> call(2));

        assertEquals(Failure.TRANSIENT, e.getFailure());
        assertTrue(e.getMessage().endsWith("(still failing after 2 retries)"), e.getMessage());
        assertEquals(3, calls);
        assertEquals(503, e.getHttpStatus());
    }

    @Test
    void neverRetriesARejectedKeyOrAnInvalidRequest() {
        outcomes.add(new SaleshandyApiException(Failure.KEY_REJECTED, "rejected", 401, null));
        assertThrows(SaleshandyApiException.class, () -> call(3));
        outcomes.clear();
        outcomes.add(new SaleshandyApiException(Failure.INVALID_REQUEST, "bad", 400, null));
        assertThrows(SaleshandyApiException.class, () -> call(3));

        assertEquals(2, calls);
        assertEquals(List.of(), sleeper.waits());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStopEndsARealRetryAfterWaitAtOnceWithoutAnotherAttempt() throws Exception {
        final CountDownLatch firstAttempt = new CountDownLatch(1);
        final StopSignal stop = new StopSignal();
        final Retrier.Attempt<StatsPage<Void>> rateLimited = () -> {
            firstAttempt.countDown();
            throw new SaleshandyApiException(Failure.RATE_LIMITED, "Page 1: HTTP 429", 429, Duration.ofSeconds(60));
        };
        final AccountRateLimit realTime = new AccountRateLimit(Sleeper.SYSTEM, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 8);
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(3), Sleeper.SYSTEM, realTime, stop, (f, n, w) -> { });
        final ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            final Future<StatsPage<Void>> fetching = background.submit(() -> retrier.call("Page 1", realTime.fixedRun(1).ticket(), rateLimited,
                    StatsPage::rateLimit));
            assertTrue(firstAttempt.await(5, TimeUnit.SECONDS));

            stop.stop();

            final ExecutionException e = assertThrows(ExecutionException.class, () -> fetching.get(2, TimeUnit.SECONDS));
            final SaleshandyApiException failure = (SaleshandyApiException) e.getCause();
            assertEquals(Failure.INTERRUPTED, failure.getFailure());
            assertEquals("Page 1: the processor is stopping; not retrying: Page 1: HTTP 429", failure.getMessage());
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void makesNoAttemptOnceStopped() {
        final StopSignal stop = new StopSignal();
        stop.stop();
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(3), sleeper, account, stop, (f, n, w) -> { });

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class,
                () -> retrier.call("Page 1", account.fixedRun(1).ticket(), scripted, StatsPage::rateLimit));

        assertEquals(Failure.INTERRUPTED, e.getFailure());
        assertEquals(0, calls);
    }

    @Test
    void capsExponentialBackOff() {
        final RetryPolicy policy = RetryPolicy.withMaxRetries(10);
        assertEquals(RetryPolicy.DEFAULT_MAX_BACKOFF, policy.delayBeforeRetry(10, transientFailure()));
    }

    private StatsPage<Void> call(final int maxRetries) throws SaleshandyApiException {
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(maxRetries), sleeper, account, new StopSignal(), (f, retry, w) -> retries.add(retry));
        return retrier.call("Page 1", account.fixedRun(1).ticket(), scripted, StatsPage::rateLimit);
    }

    private static SaleshandyApiException transientFailure() {
        return new SaleshandyApiException(Failure.TRANSIENT, "HTTP 503", 503, null);
    }

    private static StatsPage<Void> page() throws SaleshandyApiException {
        return StatsPageParser.verbatim(new JsonFactory()).parse(1, StatsPages.page(1, 0, 10, false).getBytes(StandardCharsets.UTF_8));
    }
}
