package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * Retries a page as the {@link RetryPolicy} allows, and reports each retry to a listener (the processor logs it).
 */
public final class RetryingPageFetcher implements PageFetcher {

    /** Told before each wait, so that a user can see why a run is slow. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(StatsRequest request, SaleshandyApiException failure, int retry, Duration wait);
    }

    private final PageFetcher delegate;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RetryListener listener;

    public RetryingPageFetcher(final PageFetcher delegate, final RetryPolicy policy, final Sleeper sleeper, final RetryListener listener) {
        this.delegate = delegate;
        this.policy = policy;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    @Override
    public StatsPage fetch(final StatsRequest request) throws SaleshandyApiException {
        int retries = 0;
        while (true) {
            try {
                return delegate.fetch(request);
            } catch (final SaleshandyApiException failure) {
                if (!policy.allowsRetry(retries, failure)) {
                    throw retries == 0 ? failure : gaveUp(failure, retries);
                }
                retries++;
                final Duration wait = policy.delayBeforeRetry(retries, failure);
                listener.retrying(request, failure, retries, wait);
                pause(wait, failure);
            }
        }
    }

    private void pause(final Duration wait, final SaleshandyApiException failure) throws SaleshandyApiException {
        try {
            sleeper.sleep(wait);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SaleshandyApiException(failure.getFailure(), "Interrupted while waiting to retry: " + failure.getMessage(), e);
        }
    }

    private static SaleshandyApiException gaveUp(final SaleshandyApiException last, final int retries) {
        final String message = last.getMessage() + " (still failing after " + retries + (retries == 1 ? " retry)" : " retries)");
        return new SaleshandyApiException(last.getFailure(), message, last.getHttpStatus(), last.getRetryAfter().orElse(null));
    }
}
