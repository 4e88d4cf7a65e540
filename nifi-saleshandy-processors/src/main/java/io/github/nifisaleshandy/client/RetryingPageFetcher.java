package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Retries a page as the {@link RetryPolicy} allows, and reports each retry to a listener (the processor logs it).
 * Rate-limit waits go through a {@link RateLimitGate} shared by all workers of a run; back-off after other transient
 * failures is per worker. Once its {@link StopSignal} is given, waits end at once and no further attempt is made: the page
 * fails as {@link Failure#INTERRUPTED}.
 */
public final class RetryingPageFetcher<R> implements PageFetcher<R> {

    /** Told before each wait, so that a user can see why a run is slow. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(StatsRequest request, SaleshandyApiException failure, int retry, Duration wait);
    }

    private final PageFetcher<R> delegate;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RetryListener listener;
    private final RateLimitGate gate;
    private final StopSignal stop;

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
        this.policy = policy;
        this.sleeper = sleeper.wakingOn(stop);
        this.listener = listener;
        this.gate = gate;
        this.stop = stop;
    }

    @Override
    public StatsPage<R> fetch(final StatsRequest request) throws SaleshandyApiException {
        int retries = 0;
        SaleshandyApiException last = null;
        while (true) {
            awaitClear(request, last);
            throwIfStopped(request, last);
            try {
                final StatsPage<R> page = delegate.fetch(request);
                holdBackIfExhausted(page.rateLimitPause());
                return page;
            } catch (final SaleshandyApiException failure) {
                last = failure;
                if (failure.getFailure() != Failure.RATE_LIMITED) {
                    holdBackIfExhausted(failure.getRateLimitPause());
                }
                if (!policy.allowsRetry(retries, failure)) {
                    throw retries == 0 ? failure : gaveUp(failure, retries);
                }
                retries++;
                final Duration wait = policy.delayBeforeRetry(retries, failure);
                listener.retrying(request, failure, retries, wait);
                if (failure.getFailure() == Failure.RATE_LIMITED) {
                    gate.pauseFor(wait);
                } else {
                    backOff(request, wait, failure);
                }
            }
        }
    }

    /** A response with no requests left holds every worker back until the reset, capped like Retry-After. */
    private void holdBackIfExhausted(final Optional<Duration> untilReset) {
        untilReset.ifPresent(pause -> gate.pauseFor(pause.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : pause));
    }

    private void awaitClear(final StatsRequest request, final SaleshandyApiException last) throws SaleshandyApiException {
        try {
            gate.awaitClear(sleeper);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(request, last, e);
        }
    }

    private void backOff(final StatsRequest request, final Duration wait, final SaleshandyApiException failure) throws SaleshandyApiException {
        try {
            sleeper.sleep(wait);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(request, failure, e);
        }
    }

    private void throwIfStopped(final StatsRequest request, final SaleshandyApiException last) throws SaleshandyApiException {
        if (stop.isStopped()) {
            final String retry = last == null ? "" : "; not retrying: " + last.getMessage();
            throw new SaleshandyApiException(Failure.INTERRUPTED, "Page " + request.pageNumber() + ": the processor is stopping" + retry);
        }
    }

    private static SaleshandyApiException interrupted(final StatsRequest request, final SaleshandyApiException last, final InterruptedException e) {
        final String message = "Page " + request.pageNumber() + ": interrupted" + (last == null ? "" : " while waiting to retry: " + last.getMessage());
        return new SaleshandyApiException(Failure.INTERRUPTED, message, e);
    }

    private static SaleshandyApiException gaveUp(final SaleshandyApiException last, final int retries) {
        final String message = last.getMessage() + " (still failing after " + retries + (retries == 1 ? " retry)" : " retries)");
        return new SaleshandyApiException(last.getFailure(), message, last.getHttpStatus(), last.getRetryAfter().orElse(null));
    }
}
