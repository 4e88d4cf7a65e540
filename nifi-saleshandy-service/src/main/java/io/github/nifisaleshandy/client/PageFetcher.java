package io.github.nifisaleshandy.client;

/**
 * Fetches one page of consolidated stats, its records converted to {@code R} (or {@code Void}: passed on verbatim),
 * holding {@code ticket}'s place among the account's requests while it waits for its turn.
 */
@FunctionalInterface
public interface PageFetcher<R> {

    StatsPage<R> fetch(StatsRequest request, AccountRateLimit.Ticket ticket) throws SaleshandyApiException;
}
