package io.github.nifisaleshandy.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.Retrier;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.client.StopSignal;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentStatsPagerTest {

    private static final StatsRequest FIRST = new StatsRequest(List.of("a"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31), 1, 10);

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final StatsPageParser<Void> parser = StatsPageParser.verbatim(new JsonFactory());
    private final Set<Integer> requested = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void handsOutPagesInOrderEvenWhenLaterPagesAnswerFirst() throws Exception {
        final CountDownLatch laterPagesDone = new CountDownLatch(3);
        final PageFetcher fetcher = (request, ticket) -> {
            final int page = request.pageNumber();
            requested.add(page);
            if (page == 1) {
                await(laterPagesDone);
            }
            final StatsPage result = page(page, 7, true);
            if (page >= 2 && page <= 4) {
                laterPagesDone.countDown();
            }
            return result;
        };

        final List<StatsPage> pages = take(new StatsPager(fetcher, FIRST, fixed(4), executor, StatsPager.DEFAULT_MAX_PAGES), 4);

        assertEquals(List.of(1, 2, 3, 4), pages.stream().map(StatsPage::pageNumber).toList());
    }

    @Test
    void discardsRequestsPastTheEndDiscoveredMidFlight() throws Exception {
        final PageFetcher fetcher = (request, ticket) -> {
            requested.add(request.pageNumber());
            final int page = request.pageNumber();
            if (page > 5) {
                throw new SaleshandyApiException(Failure.INVALID_REQUEST, "page " + page + " does not exist");
            }
            return page(page, page == 5 ? 3 : 10, page < 5);
        };

        final List<StatsPage> pages = drain(new StatsPager(fetcher, FIRST, fixed(4), executor, StatsPager.DEFAULT_MAX_PAGES));

        assertEquals(List.of(1, 2, 3, 4, 5), pages.stream().map(StatsPage::pageNumber).toList());
        assertEquals(43, pages.stream().mapToInt(StatsPage::recordCount).sum());
        assertTrue(requested.size() <= 5 + 2 * 4, "at most twice the ceiling queued past the last page: " + requested);
    }

    @Test
    void aFailingPageInFlightEndsTheWalkAndCancelsTheRest() {
        final AtomicBoolean laterPageSeenAfterFailure = new AtomicBoolean();
        final PageFetcher fetcher = (request, ticket) -> {
            requested.add(request.pageNumber());
            if (request.pageNumber() == 3) {
                throw new SaleshandyApiException(Failure.KEY_REJECTED, "Page 3: HTTP 401: API key rejected");
            }
            return page(request.pageNumber(), 10, true);
        };
        final StatsPager pager = new StatsPager(fetcher, FIRST, fixed(4), executor, StatsPager.DEFAULT_MAX_PAGES);

        final List<Integer> handedOut = new ArrayList<>();
        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> {
            while (pager.hasNext()) {
                handedOut.add(pager.next().pageNumber());
            }
            laterPageSeenAfterFailure.set(true);
        });

        assertEquals("Page 3: HTTP 401: API key rejected", e.getMessage());
        assertEquals(List.of(1, 2), handedOut);
        assertTrue(!laterPageSeenAfterFailure.get());
    }

    @Test
    void aRateLimitOnOnePagePausesAllAndEveryRecordComesOnce() throws Exception {
        final Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
        final PageFetcher server = rateLimitedOnce(attempts, 2, Duration.ofSeconds(3), 6);
        final RecordingSleeper sleeper = new RecordingSleeper();
        final AccountRateLimit account = new AccountRateLimit(sleeper, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 16);

        final List<StatsPage> pages = drain(new StatsPager(retrying(server, sleeper, account), FIRST, account.fixedRun(4), executor,
                StatsPager.DEFAULT_MAX_PAGES));

        assertEquals(List.of(1, 2, 3, 4, 5, 6), pages.stream().map(StatsPage::pageNumber).toList());
        assertEquals(2, attempts.get(2));
        assertTrue(sleeper.waits().contains(Duration.ofSeconds(3)), sleeper.waits().toString());
    }

    @Test
    void stopsAServerThatRepeatsPagesWhileRequestsAreInFlight() {
        final PageFetcher fetcher = (request, ticket) -> parse(request.pageNumber(),
                StatsPages.envelope("[" + StatsPages.record(1) + "]", true, request.pageNumber() + 1));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(new StatsPager(fetcher, FIRST, fixed(4), executor, StatsPager.DEFAULT_MAX_PAGES)));

        assertTrue(e.getMessage().contains("page 2 repeats the records of page 1"), e.getMessage());
    }

    @Test
    void requestsNoPagePastMaxPagesWhileLookingAhead() {
        final PageFetcher fetcher = (request, ticket) -> {
            requested.add(request.pageNumber());
            return page(request.pageNumber(), 10, true);
        };

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(new StatsPager(fetcher, FIRST, fixed(4), executor, 6)));

        assertEquals(Failure.TOO_MANY_PAGES, e.getFailure());
        assertEquals(Set.of(1, 2, 3, 4, 5, 6), requested);
    }

    @Test
    void anAdaptiveWalkStartsWithOneRequestAndWidensAfterEachPage() throws Exception {
        final AtomicInteger running = new AtomicInteger();
        final Map<Integer, Integer> inFlightWhenSent = new ConcurrentHashMap<>();
        final PageFetcher fetcher = (request, ticket) -> {
            inFlightWhenSent.put(request.pageNumber(), running.incrementAndGet());
            try {
                Thread.sleep(20);
                return page(request.pageNumber(), 10, request.pageNumber() < 12);
            } catch (final InterruptedException e) {
                throw new SaleshandyApiException(Failure.INTERRUPTED, "cancelled", e);
            } finally {
                running.decrementAndGet();
            }
        };
        final AccountRateLimit account = new AccountRateLimit(Sleeper.SYSTEM, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 16);

        final List<StatsPage> pages = drain(new StatsPager(retrying(fetcher, Sleeper.SYSTEM, account), FIRST, account.newRun(4), executor, 100));

        assertEquals(12, pages.size());
        assertEquals(1, inFlightWhenSent.get(1), "the first page goes alone");
        assertTrue(inFlightWhenSent.get(2) <= 2 && inFlightWhenSent.get(3) <= 2, "then two: " + inFlightWhenSent);
        assertEquals(4, inFlightWhenSent.values().stream().mapToInt(Integer::intValue).max().orElseThrow(), inFlightWhenSent.toString());
    }

    @Test
    void aOnePageRunSendsOneRequest() throws Exception {
        final AccountRateLimit account = new AccountRateLimit(Sleeper.SYSTEM, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 16);
        final AtomicInteger sent = new AtomicInteger();
        final PageFetcher onlyPage = (request, ticket) -> {
            sent.incrementAndGet();
            return page(request.pageNumber(), 10, false);
        };

        // The answer frees room and widens the run before the pager reads it: no look-ahead may take that room meanwhile.
        for (int run = 0; run < 50; run++) {
            assertEquals(1, drain(new StatsPager(retrying(onlyPage, Sleeper.SYSTEM, account), FIRST, account.newRun(4), executor, 100)).size());
        }

        assertEquals(50, sent.get(), "look-ahead requests slipped out past a last page");
        assertEquals(0, account.inFlight());
    }

    @Test
    void aRateLimitMetByAnyRequestIsRetriedAndEveryPageArrivesInOrder() throws Exception {
        final Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
        final PageFetcher server = rateLimitedOnce(attempts, 8, Duration.ofSeconds(1), 8);
        final RecordingSleeper sleeper = new RecordingSleeper();
        final AccountRateLimit account = new AccountRateLimit(sleeper, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 4);

        final List<StatsPage> pages = drain(new StatsPager(retrying(server, sleeper, account), FIRST, account.newRun(4), executor, 100));

        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), pages.stream().map(StatsPage::pageNumber).toList());
        assertEquals(2, attempts.get(8), "the rate-limited page was retried once");
        assertTrue(account.limit() <= 4, account.toString());
    }

    private static AccountRateLimit.Run fixed(final int requests) {
        return new AccountRateLimit(Sleeper.SYSTEM, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 16).fixedRun(requests);
    }

    /** {@code server}'s pages through the processors' retry loop, which takes each request's turn on {@code account}. */
    private static PageFetcher retrying(final PageFetcher server, final Sleeper sleeper, final AccountRateLimit account) {
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(3), sleeper, account, new StopSignal(), (f, n, w) -> { });
        return (request, ticket) -> retrier.call("Page " + request.pageNumber(), ticket, () -> server.fetch(request, ticket), StatsPage::rateLimit);
    }

    private StatsPage page(final int page, final int records, final boolean hasMore) throws SaleshandyApiException {
        return parse(page, StatsPages.page(page, (page - 1) * 10, records, hasMore));
    }

    private StatsPage parse(final int page, final String body) throws SaleshandyApiException {
        return parser.parse(page, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void await(final CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "later pages never completed");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<StatsPage> take(final StatsPager pager, final int count) throws SaleshandyApiException {
        final List<StatsPage> pages = new ArrayList<>();
        while (pages.size() < count && pager.hasNext()) {
            pages.add(pager.next());
        }
        pager.close();
        return pages;
    }

    private static List<StatsPage> drain(final StatsPager pager) throws SaleshandyApiException {
        return take(pager, Integer.MAX_VALUE);
    }

    /**
     * Pages 1 to {@code lastPage} of ten records each, counting each page's attempts in {@code attempts}; the first
     * attempt at {@code limitedPage} is rate limited with a Retry-After of {@code wait}.
     */
    private PageFetcher rateLimitedOnce(final Map<Integer, Integer> attempts, final int limitedPage, final Duration wait, final int lastPage) {
        return (request, ticket) -> {
            final int page = request.pageNumber();
            if (attempts.merge(page, 1, Integer::sum) == 1 && page == limitedPage) {
                throw new SaleshandyApiException(Failure.RATE_LIMITED, "Page " + page + ": HTTP 429", 429, wait);
            }
            return page(page, 10, page < lastPage);
        };
    }
}
