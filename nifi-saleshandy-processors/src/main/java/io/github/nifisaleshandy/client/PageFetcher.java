package io.github.nifisaleshandy.client;

/**
 * Fetches one page of consolidated stats, its records converted to {@code R} (or {@code Void}: passed on verbatim).
 */
@FunctionalInterface
public interface PageFetcher<R> {

    StatsPage<R> fetch(StatsRequest request) throws SaleshandyApiException;
}
