package io.github.nifisaleshandy.client;

/**
 * Fetches one page of consolidated stats.
 */
@FunctionalInterface
public interface PageFetcher {

    StatsPage fetch(StatsRequest request) throws SaleshandyApiException;
}
