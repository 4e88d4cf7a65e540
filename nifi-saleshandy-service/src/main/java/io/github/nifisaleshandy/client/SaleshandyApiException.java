package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed call, classified. Messages carry the HTTP status and a short excerpt of the response, never the API key.
 */
public class SaleshandyApiException extends Exception {

    private final Failure failure;
    private final int httpStatus;
    private final Duration retryAfter;
    private RateLimitHeaders rateLimit = RateLimitHeaders.NONE;

    public SaleshandyApiException(final Failure failure, final String message) {
        this(failure, message, 0, null, null);
    }

    public SaleshandyApiException(final Failure failure, final String message, final Throwable cause) {
        this(failure, message, 0, null, cause);
    }

    public SaleshandyApiException(final Failure failure, final String message, final int httpStatus, final Duration retryAfter) {
        this(failure, message, httpStatus, retryAfter, null);
    }

    private SaleshandyApiException(final Failure failure, final String message, final int httpStatus, final Duration retryAfter,
                                   final Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** The same failure with another message, e.g. with a secret masked; the cause and stack trace stay. */
    SaleshandyApiException withMessage(final String message) {
        final SaleshandyApiException copy = new SaleshandyApiException(failure, message, httpStatus, retryAfter, getCause());
        copy.setStackTrace(getStackTrace());
        copy.rateLimit = rateLimit;
        return copy;
    }

    public Failure getFailure() {
        return failure;
    }

    /** The HTTP status of the response, or 0 when no response arrived. */
    public int getHttpStatus() {
        return httpStatus;
    }

    /** How long the server asked us to wait (HTTP 429 with Retry-After). */
    public Optional<Duration> getRetryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Set by the client before throwing, like {@link #initCause}: the rate-limit headers of the failed response. */
    SaleshandyApiException withRateLimit(final RateLimitHeaders headers) {
        rateLimit = headers;
        return this;
    }

    /** What the failed response's rate-limit headers said; {@link RateLimitHeaders#NONE} when no response arrived. */
    public RateLimitHeaders getRateLimit() {
        return rateLimit;
    }
}
