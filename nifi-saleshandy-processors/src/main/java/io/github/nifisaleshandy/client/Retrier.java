package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The retry loop of {@link RetryingPageFetcher}, for any call: retries as the {@link RetryPolicy} allows, waits on a
 * {@link RateLimitGate} shared with every other request of the connection after a rate limit (or a response saying no
 * requests are left), backs off after other transient failures, and gives up at once when the {@link StopSignal} is given.
 */
final class Retrier {

    /** One attempt of the call. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws SaleshandyApiException;
    }

    /** Told before each wait, so that a user can see why a run is slow. */
    @FunctionalInterface
    interface Listener {
        void retrying(SaleshandyApiException failure, int retry, Duration wait);
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RateLimitGate gate;
    private final StopSignal stop;

    Retrier(final RetryPolicy policy, final Sleeper sleeper, final RateLimitGate gate, final StopSignal stop) {
        this.policy = policy;
        this.sleeper = sleeper.wakingOn(stop);
        this.gate = gate;
        this.stop = stop;
    }

    /** Runs {@code attempt} until it succeeds or may not be retried; {@code label} (e.g. "Sequences page 2") starts messages. */
    <T> T call(final String label, final Attempt<T> attempt, final Function<T, Optional<Duration>> rateLimitPause, final Listener listener)
            throws SaleshandyApiException {
        int retries = 0;
        SaleshandyApiException last = null;
        while (true) {
            wait(label, last, () -> gate.awaitClear(sleeper));
            if (stop.isStopped()) {
                throw new SaleshandyApiException(Failure.INTERRUPTED, label + ": the processor is stopping"
                        + (last == null ? "" : "; not retrying: " + last.getMessage()));
            }
            try {
                final T result = attempt.run();
                holdBackIfExhausted(rateLimitPause.apply(result));
                return result;
            } catch (final SaleshandyApiException failure) {
                last = failure;
                if (failure.getFailure() != Failure.RATE_LIMITED) {
                    holdBackIfExhausted(failure.getRateLimitPause());
                }
                if (!policy.allowsRetry(retries, failure)) {
                    throw retries == 0 ? failure : gaveUp(failure, retries);
                }
                retries++;
                final Duration delay = policy.delayBeforeRetry(retries, failure);
                listener.retrying(failure, retries, delay);
                if (failure.getFailure() == Failure.RATE_LIMITED) {
                    gate.pauseFor(delay);
                } else {
                    wait(label, failure, () -> sleeper.sleep(delay));
                }
            }
        }
    }

    private void holdBackIfExhausted(final Optional<Duration> untilReset) {
        untilReset.ifPresent(pause -> gate.pauseFor(pause.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : pause));
    }

    @FunctionalInterface
    private interface Wait {
        void run() throws InterruptedException;
    }

    private static void wait(final String label, final SaleshandyApiException last, final Wait wait) throws SaleshandyApiException {
        try {
            wait.run();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SaleshandyApiException(Failure.INTERRUPTED,
                    label + ": interrupted" + (last == null ? "" : " while waiting to retry: " + last.getMessage()), e);
        }
    }

    private static SaleshandyApiException gaveUp(final SaleshandyApiException last, final int retries) {
        final String message = last.getMessage() + " (still failing after " + retries + (retries == 1 ? " retry)" : " retries)");
        return new SaleshandyApiException(last.getFailure(), message, last.getHttpStatus(), last.getRetryAfter().orElse(null));
    }
}
