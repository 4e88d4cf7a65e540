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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Walks the pages of one query in order. Up to {@code concurrency} page requests are in flight at once (page numbers are
 * known in advance, so pages k+1..k+N can be requested before page k says whether there is more); pages are handed out
 * strictly in page order, requests past the end are cancelled and their answers ignored, and the first failing page
 * ends the walk. With a concurrency of 1 each page is fetched, on the caller's thread, when {@link #hasNext()} asks.
 *
 * <p>The walk ends when a page says {@code hasMore: false} or is empty. A server that never ends (a {@code nextPageNumber}
 * that does not advance, or the same records again) stops it with {@link Failure#MALFORMED_RESPONSE}.
 */
public final class StatsPager implements AutoCloseable {

    private static final Executor CALLER_THREAD = Runnable::run;

    private final PageFetcher fetcher;
    private final StatsRequest firstRequest;
    private final int concurrency;
    private final Executor executor;
    private final Deque<Future<StatsPage>> inFlight = new ArrayDeque<>();
    private int nextPageToRequest;
    private boolean endReached;
    private StatsPage fetched;
    private StatsPage lastFetched;

    public StatsPager(final PageFetcher fetcher, final StatsRequest firstRequest) {
        this(fetcher, firstRequest, 1, CALLER_THREAD);
    }

    public StatsPager(final PageFetcher fetcher, final StatsRequest firstRequest, final int concurrency, final Executor executor) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
        this.fetcher = fetcher;
        this.firstRequest = firstRequest;
        this.concurrency = concurrency;
        this.executor = concurrency == 1 ? CALLER_THREAD : executor;
        this.nextPageToRequest = firstRequest.pageNumber();
    }

    public boolean hasNext() throws SaleshandyApiException {
        if (fetched != null) {
            return true;
        }
        if (endReached) {
            return false;
        }
        requestAhead();
        final StatsPage page = await(inFlight.removeFirst());
        if (page.recordCount() == 0) {
            finish();
            return false;
        }
        checkAdvances(page);
        if (!page.hasMore()) {
            finish();
        }
        lastFetched = page;
        fetched = page;
        return true;
    }

    public StatsPage next() throws SaleshandyApiException {
        if (!hasNext()) {
            throw new NoSuchElementException("No more pages");
        }
        final StatsPage page = fetched;
        fetched = null;
        return page;
    }

    /** Cancels the requests still in flight; the walk is over. */
    @Override
    public void close() {
        finish();
    }

    private void requestAhead() {
        while (inFlight.size() < concurrency) {
            final StatsRequest request = firstRequest.withPageNumber(nextPageToRequest++);
            final FutureTask<StatsPage> task = new FutureTask<>(() -> fetcher.fetch(request));
            inFlight.addLast(task);
            executor.execute(task);
        }
    }

    private StatsPage await(final Future<StatsPage> page) throws SaleshandyApiException {
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

    private void checkAdvances(final StatsPage page) throws SaleshandyApiException {
        final int current = page.pageNumber();
        final OptionalInt announced = page.nextPageNumber();
        if (page.hasMore() && announced.isPresent() && announced.getAsInt() != current + 1) {
            finish();
            throw loop("page " + current + " says hasMore but its nextPageNumber is " + announced.getAsInt() + ", expected " + (current + 1));
        }
        if (lastFetched != null && lastFetched.dataFingerprint() == page.dataFingerprint() && lastFetched.recordCount() == page.recordCount()) {
            finish();
            throw loop("page " + current + " repeats the records of page " + lastFetched.pageNumber());
        }
    }

    private void finish() {
        endReached = true;
        for (final Future<StatsPage> request : inFlight) {
            request.cancel(true);
        }
        inFlight.clear();
    }

    private static SaleshandyApiException loop(final String problem) {
        return new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: " + problem + "; the server does not advance");
    }
}
