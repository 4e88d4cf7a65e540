package io.github.nifisaleshandy.paging;

import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

/**
 * Walks the pages of one query lazily: a page is fetched when {@link #hasNext()} asks for it, and the walk ends when
 * the server says {@code hasMore: false} or sends an empty page. A server that never ends (a {@code nextPageNumber}
 * that does not advance, or the same records again) stops the walk with {@link Failure#MALFORMED_RESPONSE}.
 */
public final class StatsPager {

    private final PageFetcher fetcher;
    private StatsRequest nextRequest;
    private StatsPage fetched;
    private StatsPage lastFetched;

    public StatsPager(final PageFetcher fetcher, final StatsRequest firstRequest) {
        this.fetcher = fetcher;
        this.nextRequest = firstRequest;
    }

    public boolean hasNext() throws SaleshandyApiException {
        if (fetched == null && nextRequest != null) {
            final StatsPage page = fetcher.fetch(nextRequest);
            if (page.recordCount() == 0) {
                nextRequest = null;
                return false;
            }
            checkAdvances(page);
            nextRequest = page.hasMore() ? nextRequest.withPageNumber(page.pageNumber() + 1) : null;
            lastFetched = page;
            fetched = page;
        }
        return fetched != null;
    }

    public StatsPage next() throws SaleshandyApiException {
        if (!hasNext()) {
            throw new NoSuchElementException("No more pages");
        }
        final StatsPage page = fetched;
        fetched = null;
        return page;
    }

    private void checkAdvances(final StatsPage page) throws SaleshandyApiException {
        final int current = page.pageNumber();
        final OptionalInt announced = page.nextPageNumber();
        if (page.hasMore() && announced.isPresent() && announced.getAsInt() != current + 1) {
            throw loop("page " + current + " says hasMore but its nextPageNumber is " + announced.getAsInt() + ", expected " + (current + 1));
        }
        if (lastFetched != null && lastFetched.dataFingerprint() == page.dataFingerprint() && lastFetched.recordCount() == page.recordCount()) {
            throw loop("page " + current + " repeats the records of page " + lastFetched.pageNumber());
        }
    }

    private static SaleshandyApiException loop(final String problem) {
        return new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: " + problem + "; the server does not advance");
    }
}
