package io.github.nifisaleshandy.paging;

import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Walks the pages of one query in order. Page numbers are known in advance, so pages k+1..k+N are asked for before page
 * k says whether there is more: up to twice the run's ceiling are queued, each waiting for its turn among the account's
 * requests ({@link AccountRateLimit}), which lets as many start as the run and the account allow; queuing beyond the
 * ceiling keeps that many in flight while the oldest page is still awaited. Only the page awaited next counts as needed;
 * the others are speculative. Pages are handed out strictly in page order, requests past the end are cancelled (most
 * before they were sent) and their answers ignored, and the first failing page ends the walk. With a ceiling of 1 each
 * page is fetched, on the caller's thread, when {@link #hasNext()} asks.
 *
 * <p>The walk ends when a page says {@code hasMore: false}. An empty page that says {@code hasMore: true} is passed over
 * when its {@code nextPageNumber} is the next page, and ends the walk when it names none (there is nothing else to go by);
 * either way it is recorded in {@link #emptyPages()}. A server that never ends (a {@code nextPageNumber} that does not
 * advance, or the same records again) stops the walk with {@link Failure#MALFORMED_RESPONSE}; one that advances for more
 * than {@code maxPages} pages with {@link Failure#TOO_MANY_PAGES}.
 *
 * @param <R> the type of the pages' converted records, as the fetcher's parser made them
 */
public final class StatsPager<R> implements AutoCloseable {

    public static final int DEFAULT_MAX_PAGES = 10_000;

    private static final Executor CALLER_THREAD = Runnable::run;
    /** No page number: pages count from 1. */
    private static final int NO_PAGE = 0;

    private final PageFetcher<R> fetcher;
    private final StatsRequest firstRequest;
    private final AccountRateLimit.Walk walk;
    private final Executor executor;
    private final int maxPages;
    private final int queueDepth;
    private final Deque<Future<StatsPage<R>>> inFlight = new ArrayDeque<>();
    private final EmptyPages emptyPages = new EmptyPages();
    private int nextPageToRequest;
    private int pagesFetched;
    private boolean endReached;
    private StatsPage<R> fetched;
    private StatsPage<R> lastWithRecords;
    /** The page that {@link #hasNext()} awaits next: the only request known to be needed. */
    private volatile int awaitedPage;

    /** One request at a time, on the caller's thread, on an account of its own. */
    public StatsPager(final PageFetcher<R> fetcher, final StatsRequest firstRequest) {
        this(fetcher, firstRequest, new AccountRateLimit(Sleeper.SYSTEM, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 1).fixedRun(1), CALLER_THREAD,
                DEFAULT_MAX_PAGES);
    }

    /**
     * With as many requests in flight as {@code run} and its account allow, on {@code executor}'s threads; {@code run}
     * may be shared by the pagers of one run's windows.
     */
    public StatsPager(final PageFetcher<R> fetcher, final StatsRequest firstRequest, final AccountRateLimit.Run run, final Executor executor,
                      final int maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be 1 or more, was " + maxPages);
        }
        this.fetcher = fetcher;
        this.firstRequest = firstRequest;
        this.walk = run.walk();
        this.executor = run.ceiling() == 1 ? CALLER_THREAD : executor;
        this.queueDepth = run.ceiling() == 1 ? 1 : 2 * run.ceiling();
        this.maxPages = maxPages;
        this.nextPageToRequest = firstRequest.pageNumber();
        this.awaitedPage = firstRequest.pageNumber();
    }

    public boolean hasNext() throws SaleshandyApiException {
        if (fetched != null) {
            return true;
        }
        while (!endReached) {
            requestAhead();
            final StatsPage<R> page = await(inFlight.removeFirst());
            if (page.hasMore()) {
                // Only a page that says there is more makes the next one needed and lets look-ahead go on: after a last
                // page, a needed "next page" would start before the walk ends.
                awaitedPage = page.pageNumber() + 1;
                walk.read();
            }
            pagesFetched++;
            if (page.recordCount() == 0) {
                passOverOrEndOn(page);
                continue;
            }
            checkAdvances(page);
            endOrCheckWithinMaxPages(page);
            lastWithRecords = page;
            fetched = page;
            return true;
        }
        return false;
    }

    public StatsPage<R> next() throws SaleshandyApiException {
        if (!hasNext()) {
            throw new NoSuchElementException("No more pages");
        }
        final StatsPage<R> page = fetched;
        fetched = null;
        return page;
    }

    /** The empty pages that said {@code hasMore: true}, seen so far in this walk. */
    public EmptyPages emptyPages() {
        return emptyPages;
    }

    /** Cancels the requests still in flight; the walk is over. */
    @Override
    public void close() {
        finish();
    }

    private void requestAhead() {
        // Never past maxPages: a page that could only fail the walk is not worth a request.
        final int lastAllowed = firstRequest.pageNumber() + maxPages - 1;
        while (inFlight.size() < queueDepth && nextPageToRequest <= lastAllowed) {
            final int pageNumber = nextPageToRequest++;
            final StatsRequest request = firstRequest.withPageNumber(pageNumber);
            final AccountRateLimit.Ticket ticket = walk.ticket(() -> pageNumber == awaitedPage);
            final FutureTask<StatsPage<R>> task = new FutureTask<>(() -> fetcher.fetch(request, ticket));
            inFlight.addLast(task);
            executor.execute(task);
        }
    }

    private StatsPage<R> await(final Future<StatsPage<R>> page) throws SaleshandyApiException {
        try {
            return page.get();
        } catch (final ExecutionException e) {
            finish();
            if (e.getCause() instanceof SaleshandyApiException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException unexpected) {
                throw unexpected;
            }
            throw new IllegalStateException("Fetching a page failed unexpectedly", e.getCause());
        } catch (final InterruptedException | CancellationException e) {
            finish();
            Thread.currentThread().interrupt();
            throw new SaleshandyApiException(Failure.INTERRUPTED, "Paging interrupted", e);
        }
    }

    private void passOverOrEndOn(final StatsPage<R> empty) throws SaleshandyApiException {
        if (!empty.hasMore()) {
            finish();
            return;
        }
        if (empty.nextPageNumber().orElse(-1) != empty.pageNumber() + 1) {
            emptyPages.endedOn(empty.pageNumber());
            finish();
            return;
        }
        emptyPages.passedOver(empty.pageNumber());
        endOrCheckWithinMaxPages(empty);
    }

    private void endOrCheckWithinMaxPages(final StatsPage<R> page) throws SaleshandyApiException {
        if (!page.hasMore()) {
            finish();
        } else if (pagesFetched >= maxPages) {
            finish();
            throw new SaleshandyApiException(Failure.TOO_MANY_PAGES, "Paging stopped: more than " + maxPages + " pages in the window "
                    + firstRequest.startDate() + " to " + firstRequest.endDate() + "; raise Max Pages if this is expected");
        }
    }

    private void checkAdvances(final StatsPage<R> page) throws SaleshandyApiException {
        final int current = page.pageNumber();
        final OptionalInt announced = page.nextPageNumber();
        if (page.hasMore() && announced.isPresent() && announced.getAsInt() != current + 1) {
            finish();
            throw loop("page " + current + " says hasMore but its nextPageNumber is " + announced.getAsInt() + ", expected " + (current + 1));
        }
        // Only pages with records are compared: every empty page has the same fingerprint, and empty pages are bounded by maxPages.
        if (lastWithRecords != null && lastWithRecords.dataFingerprint() == page.dataFingerprint()
                && lastWithRecords.recordCount() == page.recordCount()) {
            finish();
            throw loop("page " + current + " repeats the records of page " + lastWithRecords.pageNumber());
        }
    }

    private void finish() {
        endReached = true;
        // No request of a finished walk is needed any more: one still in flight that fails must not end anything.
        awaitedPage = NO_PAGE;
        for (final Future<StatsPage<R>> request : inFlight) {
            request.cancel(true);
        }
        inFlight.clear();
    }

    private static SaleshandyApiException loop(final String problem) {
        return new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: " + problem + "; the server does not advance");
    }
}
