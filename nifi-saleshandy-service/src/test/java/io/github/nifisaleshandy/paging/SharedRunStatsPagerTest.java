package io.github.nifisaleshandy.paging;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.Retrier;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.client.StopSignal;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pagers of one run's date windows share one {@link AccountRateLimit.Run}, as {@code StatsRunner.fetchInto} does: what
 * one window leaves behind (a look-ahead past its end still in flight when it ended) must not decide for the next window.
 */
class SharedRunStatsPagerTest {

    private static final StatsRequest WINDOW_A = new StatsRequest(List.of("a"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31), 1, 10);
    private static final StatsRequest WINDOW_B = new StatsRequest(List.of("a"), LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28), 1, 10);

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final StatsPageParser<Void> parser = StatsPageParser.verbatim(new JsonFactory());
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AccountRateLimit account = new AccountRateLimit(sleeper, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 16);
    private final StopSignal stop = new StopSignal();
    private final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(3), sleeper, account, stop, (f, n, w) -> { });
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() {
        stop.stop();
        executor.shutdownNow();
        threads.forEach(Thread::interrupt);
    }

    /**
     * Window A has one page. Its look-ahead page 2 was sent before page 1 said {@code hasMore: false}, and Saleshandy answers
     * it, a round trip later, with HTTP 400 (no such page) or the request ends as cancelled: either way it fails for good.
     * That failure belongs to A's finished walk: it must not refuse window B's pages queued meanwhile on the shared run.
     */
    @Test
    @Timeout(10)
    void aLookAheadPastTheEndOfOneWindowThatFailsLaterDoesNotEndTheNextWindow() throws Exception {
        final CountDownLatch aPage2Sent = new CountDownLatch(1);
        final CountDownLatch bPage1Sent = new CountDownLatch(1);
        final CountDownLatch aPage2Ended = new CountDownLatch(1);
        final Set<Integer> bAttempts = ConcurrentHashMap.newKeySet();
        final PageFetcher<Void> fetcher = (request, ticket) -> {
            final boolean windowA = request.startDate().equals(WINDOW_A.startDate());
            final int page = request.pageNumber();
            try {
                return retrier.call("Page " + page, ticket, () -> {
                    if (windowA && page == 1) {
                        await(aPage2Sent);
                        return page(1, 10, false);
                    }
                    if (windowA && page == 2) {
                        aPage2Sent.countDown();
                        // A socket read is not ended by an interrupt: the answer comes when window B has queued its pages.
                        awaitUninterruptibly(bPage1Sent);
                        throw new SaleshandyApiException(Failure.INVALID_REQUEST, "Page 2: HTTP 400: page 2 does not exist", 400, null);
                    }
                    if (windowA) {
                        return page(page, 0, false);
                    }
                    if (page == 1 && bAttempts.add(1)) {
                        bPage1Sent.countDown();
                        await(aPage2Ended);
                        throw new SaleshandyApiException(Failure.TRANSIENT, "Page 1: HTTP 503", 503, null);
                    }
                    return page(page, page == 1 ? 10 : 0, false);
                }, StatsPage::rateLimit);
            } finally {
                if (windowA && page == 2) {
                    aPage2Ended.countDown();
                }
            }
        };
        final AccountRateLimit.Run run = account.fixedRun(2);

        assertEquals(List.of(1), drain(new StatsPager<>(fetcher, WINDOW_A, run, executor, 100)));
        final List<Integer> windowB = assertDoesNotThrow(() -> drain(new StatsPager<>(fetcher, WINDOW_B, run, executor, 100)),
                "window B failed because of a request of window A that was no longer needed");

        assertEquals(List.of(1), windowB);
    }

    /**
     * Window A has one page; its look-ahead page 2 is still in flight (a cancelled call whose answer has not come) and holds
     * one of the run's two places. Window B's pager queues its page 1 and look-aheads, and a look-ahead thread happens to
     * ask before page 1's: it must not take the run's last place before B's first page has started, which is what "a walk's
     * first request is the needed one" exists to prevent (a failing look-ahead would hold that place through its back-off
     * while the page the window needs waits): the rule holds for each window's walk, not once per shared run.
     */
    @Test
    @Timeout(10)
    void eachWindowsFirstRequestIsItsNeededPageEvenWhenALookAheadAsksFirst() throws Exception {
        final CountDownLatch aPage2Sent = new CountDownLatch(1);
        final CountDownLatch answerAPage2 = new CountDownLatch(1);
        final Set<Integer> bSent = ConcurrentHashMap.newKeySet();
        final PageFetcher<Void> fetcher = (request, ticket) -> retrier.call("Page " + request.pageNumber(), ticket, () -> {
            final int page = request.pageNumber();
            if (request.startDate().equals(WINDOW_A.startDate())) {
                if (page == 2) {
                    aPage2Sent.countDown();
                    awaitUninterruptibly(answerAPage2);
                } else {
                    await(aPage2Sent);
                }
                return page(page, page == 1 ? 10 : 0, false);
            }
            bSent.add(page);
            return page(page, page == 1 ? 10 : 0, false);
        }, StatsPage::rateLimit);
        final AccountRateLimit.Run run = account.fixedRun(2);
        // Window A's pages 3 and 4 are queued but never run: only its pages 1 and 2 matter here.
        final Executor firstTwoOnly = new Executor() {
            private int submitted;

            @Override
            public synchronized void execute(final Runnable task) {
                if (submitted++ < 2) {
                    executor.execute(task);
                }
            }
        };
        assertEquals(List.of(1), drain(new StatsPager<>(fetcher, WINDOW_A, run, firstTwoOnly, 100)));

        // Window B: page 1's task is held back, as when its thread is scheduled later than a look-ahead's.
        final AtomicReference<Runnable> bPage1 = new AtomicReference<>();
        final List<Thread> lookAheads = new CopyOnWriteArrayList<>();
        final Executor pageOneLast = task -> {
            if (bPage1.compareAndSet(null, task)) {
                return;
            }
            final Thread thread = new Thread(task, "window B look-ahead");
            thread.setDaemon(true);
            lookAheads.add(thread);
            threads.add(thread);
            thread.start();
        };
        final FutureTask<List<Integer>> windowB = new FutureTask<>(() -> drain(new StatsPager<>(fetcher, WINDOW_B, run, pageOneLast, 100)));
        final Thread pagerB = new Thread(windowB, "window B pager");
        pagerB.setDaemon(true);
        threads.add(pagerB);
        pagerB.start();
        // Once the pager awaits its page 1, it has queued whatever it queues ahead.
        while (bPage1.get() == null || pagerB.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        while (bSent.isEmpty() && !lookAheads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING)) {
            Thread.onSpinWait();
        }

        assertEquals(Set.of(), bSent, "a look-ahead of window B was sent before window B's first page started");

        executor.execute(bPage1.get());
        answerAPage2.countDown();
        assertEquals(List.of(1), windowB.get(10, TimeUnit.SECONDS));
    }

    private StatsPage<Void> page(final int page, final int records, final boolean hasMore) throws SaleshandyApiException {
        return parser.parse(page, StatsPages.page(page, (page - 1) * 10, records, hasMore).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Integer> drain(final StatsPager<Void> pager) throws SaleshandyApiException {
        final List<Integer> pages = new ArrayList<>();
        try (pager) {
            while (pager.hasNext()) {
                pages.add(pager.next().pageNumber());
            }
        }
        return pages;
    }

    private static void await(final CountDownLatch latch) throws SaleshandyApiException {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SaleshandyApiException(Failure.INTERRUPTED, "cancelled", e);
        }
    }

    private static void awaitUninterruptibly(final CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                assertTrue(latch.await(10, TimeUnit.SECONDS));
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
