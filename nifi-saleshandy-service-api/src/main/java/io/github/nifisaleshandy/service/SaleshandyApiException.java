package io.github.nifisaleshandy.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed query, classified by {@link Failure}. Messages carry the HTTP status and a short excerpt of the response,
 * never the API key.
 */
public class SaleshandyApiException extends Exception {

    private final Failure failure;
    private final int httpStatus;
    private final Duration retryAfter;

    public SaleshandyApiException(final Failure failure, final String message) {
        this(failure, message, 0, null, null);
    }

    public SaleshandyApiException(final Failure failure, final String message, final Throwable cause) {
        this(failure, message, 0, null, cause);
    }

    public SaleshandyApiException(final Failure failure, final String message, final int httpStatus, final Duration retryAfter,
                                  final Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public Failure getFailure() {
        return failure;
    }

    /** The HTTP status of the response, or 0 when no response arrived. */
    public int getHttpStatus() {
        return httpStatus;
    }

    /** How long the server asked to wait before the next request, when it did. */
    public Optional<Duration> getRetryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
