package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// They wait on the real Sleeper.SYSTEM: a stop that no longer ends a wait fails the test instead of hanging the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RetryingPageFetcherTest {

    private static final StatsRequest REQUEST = new StatsRequest(List.of("a"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), 1, 10);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Deque<Object> outcomes = new ArrayDeque<>();
    private int calls;

    private final PageFetcher scripted = request -> {
        calls++;
        final Object next = outcomes.removeFirst();
        if (next instanceof SaleshandyApiException e) {
            throw e;
        }
        return (StatsPage) next;
    };

    @Test
    void backsOffExponentiallyOnTransientFailuresThenSucceeds() throws Exception {
        final StatsPage page = page();
        outcomes.add(transientFailure());
        outcomes.add(transientFailure());
        outcomes.add(transientFailure());
        outcomes.add(page);

        assertSame(page, fetcher(3).fetch(REQUEST));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeper.waits());
    }

    @Test
    void waitsAsRetryAfterAsksButNoLongerThanTheCap() throws Exception {
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, Duration.ofSeconds(12)));
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, Duration.ofHours(1)));
        outcomes.add(new SaleshandyApiException(Failure.RATE_LIMITED, "429", 429, null));
        outcomes.add(page());

        fetcher(3).fetch(REQUEST);

        assertEquals(List.of(Duration.ofSeconds(12), RetryPolicy.DEFAULT_MAX_RETRY_AFTER, RetryPolicy.DEFAULT_RATE_LIMIT_WAIT), sleeper.waits());
    }

    @Test
    void givesUpAfterMaxRetriesSayingSo() {
        for (int i = 0; i < 3; i++) {
            outcomes.add(transientFailure());
        }

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> fetcher(2).fetch(REQUEST));

        assertEquals(Failure.TRANSIENT, e.getFailure());
        assertTrue(e.getMessage().endsWith("(still failing after 2 retries)"), e.getMessage());
        assertEquals(3, calls);
        assertEquals(503, e.getHttpStatus());
    }

    @Test
    void neverRetriesARejectedKeyOrAnInvalidRequest() {
        outcomes.add(new SaleshandyApiException(Failure.KEY_REJECTED, "rejected", 401, null));
        assertThrows(SaleshandyApiException.class, () -> fetcher(3).fetch(REQUEST));
        outcomes.clear();
        outcomes.add(new SaleshandyApiException(Failure.INVALID_REQUEST, "bad", 400, null));
        assertThrows(SaleshandyApiException.class, () -> fetcher(3).fetch(REQUEST));

        assertEquals(2, calls);
        assertEquals(List.of(), sleeper.waits());
    }

    @Test
    void aStopEndsARealRetryAfterWaitAtOnceWithoutAnotherAttempt() throws Exception {
        final CountDownLatch firstAttempt = new CountDownLatch(1);
        final StopSignal stop = new StopSignal();
        final PageFetcher rateLimited = request -> {
            firstAttempt.countDown();
            throw new SaleshandyApiException(Failure.RATE_LIMITED, "Page 1: HTTP 429", 429, Duration.ofSeconds(60));
        };
        final RetryingPageFetcher fetcher = new RetryingPageFetcher(rateLimited, RetryPolicy.withMaxRetries(3), Sleeper.SYSTEM, (r, f, n, w) -> { }, stop);
        final ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            final Future<StatsPage> fetching = background.submit(() -> fetcher.fetch(REQUEST));
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
        final RetryingPageFetcher fetcher = new RetryingPageFetcher(scripted, RetryPolicy.withMaxRetries(3), sleeper, (r, f, n, w) -> { }, stop);

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> fetcher.fetch(REQUEST));

        assertEquals(Failure.INTERRUPTED, e.getFailure());
        assertEquals(0, calls);
    }

    @Test
    void capsExponentialBackOff() {
        final RetryPolicy policy = RetryPolicy.withMaxRetries(10);
        assertEquals(RetryPolicy.DEFAULT_MAX_BACKOFF, policy.delayBeforeRetry(10, transientFailure()));
    }

    private RetryingPageFetcher fetcher(final int maxRetries) {
        return new RetryingPageFetcher(scripted, RetryPolicy.withMaxRetries(maxRetries), sleeper, (request, failure, retry, wait) -> { });
    }

    private static SaleshandyApiException transientFailure() {
        return new SaleshandyApiException(Failure.TRANSIENT, "HTTP 503", 503, null);
    }

    private static StatsPage page() throws SaleshandyApiException {
        return StatsPageParser.verbatim(new JsonFactory()).parse(1, StatsPages.page(1, 0, 10, false).getBytes(StandardCharsets.UTF_8));
    }
}
