package io.github.nifisaleshandy.client;

/**
 * Fetches one page of consolidated stats, its records converted to {@code R} (or {@code Void}: passed on verbatim).
 */
@FunctionalInterface
public interface PageFetcher<R> {

    StatsPage<R> fetch(StatsRequest request) throws SaleshandyApiException;

    /**
     * Fetches as {@link #fetch(StatsRequest)}, telling {@code onRateLimited} of each HTTP 429 met and retried on the way.
     * A fetcher that does not retry fails on a 429 instead, so by default there is nothing to tell.
     */
    default StatsPage<R> fetch(final StatsRequest request, final RateLimitListener onRateLimited) throws SaleshandyApiException {
        return fetch(request);
    }
}
