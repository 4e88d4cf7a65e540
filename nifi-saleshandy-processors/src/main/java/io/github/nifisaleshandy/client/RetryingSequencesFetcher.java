package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * Retries a page of the sequence list with the retries, rate-limit gate and stop signal of its {@link SaleshandyConnection}.
 */
public final class RetryingSequencesFetcher implements SequencesFetcher {

    /** Told before each wait, so that a user can see why a listing is slow. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(int pageNumber, SaleshandyApiException failure, int retry, Duration wait);
    }

    private final SequencesFetcher delegate;
    private final Retrier retrier;
    private final RetryListener listener;

    RetryingSequencesFetcher(final SequencesFetcher delegate, final Retrier retrier, final RetryListener listener) {
        this.delegate = delegate;
        this.retrier = retrier;
        this.listener = listener;
    }

    public RetryingSequencesFetcher(final SequencesFetcher delegate, final RetryPolicy policy, final Sleeper sleeper, final RetryListener listener) {
        this(delegate, new Retrier(policy, sleeper, new RateLimitGate(sleeper), new StopSignal()), listener);
    }

    @Override
    public SequencesPage fetch(final SequencesRequest request, final int pageNumber) throws SaleshandyApiException {
        return retrier.call("Sequences page " + pageNumber, () -> delegate.fetch(request, pageNumber), SequencesPage::rateLimitPause,
                (failure, retry, wait) -> listener.retrying(pageNumber, failure, retry, wait));
    }
}
