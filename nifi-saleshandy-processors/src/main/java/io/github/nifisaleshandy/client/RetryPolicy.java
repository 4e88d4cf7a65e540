package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * How often and how long to wait before retrying a page: exponential back-off for transient failures, the server's
 * {@code Retry-After} for rate limits, both capped so that a run cannot hang on one page for long.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** When a 429 arrives without a usable Retry-After. */
    public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(5);

    public static RetryPolicy withMaxRetries(final int maxRetries) {
        return new RetryPolicy(maxRetries, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_AFTER);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry) after {@code failure}.
     */
    public Duration delayBeforeRetry(final int retry, final SaleshandyApiException failure) {
        if (failure.getFailure() == Failure.RATE_LIMITED) {
            final Duration asked = failure.getRetryAfter().orElse(DEFAULT_RATE_LIMIT_WAIT);
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        final int doublings = Math.min(retry - 1, 20);
        final Duration backoff = initialBackoff.multipliedBy(1L << doublings);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    public boolean allowsRetry(final int retriesSoFar, final SaleshandyApiException failure) {
        return failure.getFailure().isRetryable() && retriesSoFar < maxRetries;
    }
}
