package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * How often and how long to wait before retrying a request: exponential back-off for transient failures, capped at
 * {@code maxBackoff}; the server's {@code Retry-After} for rate limits, which is not waited out at all beyond
 * {@code maxRetryAfter} (the longest wait accepted), so that a run cannot hang on one page for long.
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
     * The wait before retry number {@code retry} (1 for the first retry) after {@code failure}: for a rate limit what
     * the server asked, which may exceed {@link #maxRetryAfter()}.
     */
    public Duration delayBeforeRetry(final int retry, final SaleshandyApiException failure) {
        if (failure.getFailure() == Failure.RATE_LIMITED) {
            return failure.getRetryAfter().orElse(DEFAULT_RATE_LIMIT_WAIT);
        }
        final int doublings = Math.min(retry - 1, 20);
        final Duration backoff = initialBackoff.multipliedBy(1L << doublings);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** Whether {@code wait} is longer than any wait this policy accepts. */
    public boolean tooLong(final Duration wait) {
        return wait.compareTo(maxRetryAfter) > 0;
    }

    public boolean allowsRetry(final int retriesSoFar, final SaleshandyApiException failure) {
        return failure.getFailure().isRetryable() && retriesSoFar < maxRetries;
    }
}
