package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * Retries a page as the {@link RetryPolicy} allows, and reports each retry to a listener (the processor logs it).
 * Rate-limit waits go through a {@link RateLimitGate} shared by all workers of a run; back-off after other transient
 * failures is per worker. Once its {@link StopSignal} is given, waits end at once and no further attempt is made: the page
 * fails as {@link Failure#INTERRUPTED}. Each HTTP 429 it retries is also told to the {@link RateLimitListener} of the call,
 * so that the run that sent it can slow down.
 */
public final class RetryingPageFetcher<R> implements PageFetcher<R> {

    /** Told before each wait, so that a user can see why a run is slow. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(StatsRequest request, SaleshandyApiException failure, int retry, Duration wait);
    }

    private final PageFetcher<R> delegate;
    private final Retrier retrier;
    private final RetryListener listener;

    public RetryingPageFetcher(final PageFetcher<R> delegate, final RetryPolicy policy, final Sleeper sleeper, final RetryListener listener) {
        this(delegate, policy, sleeper, listener, new StopSignal());
    }

    public RetryingPageFetcher(final PageFetcher<R> delegate, final RetryPolicy policy, final Sleeper sleeper, final RetryListener listener,
                               final StopSignal stop) {
        this(delegate, policy, sleeper, listener, new RateLimitGate(sleeper), stop);
    }

    /** With a gate shared beyond this fetcher: its pauses hold back every fetcher that shares it. */
    public RetryingPageFetcher(final PageFetcher<R> delegate, final RetryPolicy policy, final Sleeper sleeper, final RetryListener listener,
                               final RateLimitGate gate, final StopSignal stop) {
        this.delegate = delegate;
        this.retrier = new Retrier(policy, sleeper, gate, stop);
        this.listener = listener;
    }

    @Override
    public StatsPage<R> fetch(final StatsRequest request) throws SaleshandyApiException {
        return fetch(request, RateLimitListener.NONE);
    }

    @Override
    public StatsPage<R> fetch(final StatsRequest request, final RateLimitListener onRateLimited) throws SaleshandyApiException {
        return retrier.call("Page " + request.pageNumber(), () -> delegate.fetch(request), StatsPage::rateLimitPause,
                (failure, retry, wait) -> {
                    if (failure.getFailure() == Failure.RATE_LIMITED) {
                        onRateLimited.rateLimited();
                    }
                    listener.retrying(request, failure, retry, wait);
                });
    }
}
