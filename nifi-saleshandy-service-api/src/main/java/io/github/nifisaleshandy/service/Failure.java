package io.github.nifisaleshandy.service;

/** The distinct ways a call to Saleshandy can fail; each is handled differently by the retry policy and the processor. */
public enum Failure {
    /** HTTP 429: wait as the server asks, then try again. */
    RATE_LIMITED(true),
    /** HTTP 5xx, 408, timeouts, resets: try again after a back-off. */
    TRANSIENT(true),
    /** HTTP 401/403, or the API's "1001: Invalid token": retrying cannot help. */
    KEY_REJECTED(false),
    /** Any other HTTP 4xx: the request itself is wrong; the API's message says why. */
    INVALID_REQUEST(false),
    /** HTTP 3xx: never followed, so that the key is not sent to another host; the Base URL needs fixing. */
    REDIRECTED(false),
    /** A 200 whose body is not the documented JSON, or paging that does not advance. */
    MALFORMED_RESPONSE(false),
    /** More pages in one date window (or listing) than Max Pages allows: a runaway server, or a window too large for the setting. */
    TOO_MANY_PAGES(false),
    /** Saleshandy asks to wait (Retry-After, or no requests left until x-ratelimit-reset) longer than the longest wait accepted. */
    WAIT_TOO_LONG(false),
    /** The request was cancelled: the run already ended (a look-ahead request past the end or after a failure) or the processor stopped. */
    INTERRUPTED(false);

    private final boolean retryable;

    Failure(final boolean retryable) {
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /** Whether the next request would meet the same answer at once: Saleshandy is limiting or unavailable, so callers should back off. */
    public boolean asksToWait() {
        return retryable || this == WAIT_TOO_LONG;
    }
}
