package io.github.nifisaleshandy.paging;

import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Walks the pages of one query in order. Up to {@link AdaptiveConcurrency#limit()} page requests are in flight at once
 * (page numbers are known in advance, so pages k+1..k+N can be requested before page k says whether there is more); the
 * limit hears of every page handed out and of every HTTP 429 a request meets. Pages are handed out strictly in page order,
 * requests past the end are cancelled and their answers ignored, and the first failing page ends the walk. With a ceiling
 * of 1 each page is fetched, on the caller's thread, when {@link #hasNext()} asks.
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

    private final PageFetcher<R> fetcher;
    private final StatsRequest firstRequest;
    private final AdaptiveConcurrency concurrency;
    private final Executor executor;
    private final int maxPages;
    private final Deque<Future<Fetched<R>>> inFlight = new ArrayDeque<>();
    private final EmptyPages emptyPages = new EmptyPages();
    private int nextPageToRequest;
    private int pagesFetched;
    private boolean endReached;
    private StatsPage<R> fetched;
    private StatsPage<R> lastWithRecords;

    /** What a fetched page's request went through: a page that met a rate limit on the way does not widen the window. */
    private record Fetched<R>(StatsPage<R> page, boolean throttled) {
    }

    public StatsPager(final PageFetcher<R> fetcher, final StatsRequest firstRequest) {
        this(fetcher, firstRequest, 1, CALLER_THREAD, DEFAULT_MAX_PAGES);
    }

    /** With a look-ahead of a fixed {@code concurrency} requests. */
    public StatsPager(final PageFetcher<R> fetcher, final StatsRequest firstRequest, final int concurrency, final Executor executor) {
        this(fetcher, firstRequest, concurrency, executor, DEFAULT_MAX_PAGES);
    }

    /** With a look-ahead of a fixed {@code concurrency} requests. */
    public StatsPager(final PageFetcher<R> fetcher, final StatsRequest firstRequest, final int concurrency, final Executor executor,
                      final int maxPages) {
        this(fetcher, firstRequest, AdaptiveConcurrency.fixed(checked(concurrency)), executor, maxPages);
    }

    /** With as many requests in flight as {@code concurrency} allows; it may be shared by the pagers of one run's windows. */
    public StatsPager(final PageFetcher<R> fetcher, final StatsRequest firstRequest, final AdaptiveConcurrency concurrency, final Executor executor,
                      final int maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be 1 or more, was " + maxPages);
        }
        this.fetcher = fetcher;
        this.firstRequest = firstRequest;
        this.concurrency = concurrency;
        this.executor = concurrency.ceiling() == 1 ? CALLER_THREAD : executor;
        this.maxPages = maxPages;
        this.nextPageToRequest = firstRequest.pageNumber();
        concurrency.windowStarted();
    }

    public boolean hasNext() throws SaleshandyApiException {
        if (fetched != null) {
            return true;
        }
        while (!endReached) {
            requestAhead();
            final Fetched<R> answer = await(inFlight.removeFirst());
            final StatsPage<R> page = answer.page();
            if (!answer.throttled()) {
                concurrency.onPage(page.rateLimitRemaining(), inFlight.size());
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
        while (concurrency.mayRequest(inFlight.size()) && nextPageToRequest <= lastAllowed) {
            concurrency.requested();
            final StatsRequest request = firstRequest.withPageNumber(nextPageToRequest++);
            final FutureTask<Fetched<R>> task = new FutureTask<>(() -> fetch(request));
            inFlight.addLast(task);
            executor.execute(task);
        }
    }

    private Fetched<R> fetch(final StatsRequest request) throws SaleshandyApiException {
        final AtomicBoolean throttled = new AtomicBoolean();
        final StatsPage<R> page;
        try {
            page = fetcher.fetch(request, () -> {
                throttled.set(true);
                concurrency.onThrottled();
            });
        } catch (final SaleshandyApiException | RuntimeException failed) {
            concurrency.answered(OptionalLong.empty());
            throw failed;
        }
        concurrency.answered(page.rateLimitRemaining());
        return new Fetched<>(page, throttled.get());
    }

    private Fetched<R> await(final Future<Fetched<R>> page) throws SaleshandyApiException {
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
        for (final Future<Fetched<R>> request : inFlight) {
            request.cancel(true);
        }
        inFlight.clear();
    }

    private static int checked(final int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
        return concurrency;
    }

    private static SaleshandyApiException loop(final String problem) {
        return new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: " + problem + "; the server does not advance");
    }
}
