package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * What the current rate-limit window of an account has left, from the latest {@code x-ratelimit-*} headers: their
 * {@code remaining}, less the requests sent since or still unanswered (the server may not have counted those yet). A
 * response of an earlier window than the latest seen says nothing new. Not thread-safe: {@link AccountRateLimit} calls
 * it under its lock, on the time base of its clock.
 */
final class RateLimitWindow {

    private static final long UNKNOWN = Long.MAX_VALUE;
    /** Two resets closer than this name the same window: some forms carry whole seconds only. */
    private static final long SAME_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Duration resetMargin;
    private long allowance = UNKNOWN;
    private long resetNanos = UNKNOWN;
    private long size = UNKNOWN;

    RateLimitWindow(final Duration resetMargin) {
        this.resetMargin = resetMargin;
    }

    /** Once the reset and its margin passed, a new window starts: as large as the last said, or unknown. */
    void endIfReset(final long now) {
        if (resetNanos != UNKNOWN && now - resetNanos >= resetMargin.toNanos()) {
            resetNanos = UNKNOWN;
            allowance = size;
        }
    }

    /**
     * Whether one more request may go now, with {@code inFlight} out. The last tenth of a window (at least one request) is
     * kept for requests known to be {@code needed}; with none left and no reset known, one needed request at a time finds out.
     */
    boolean allows(final boolean needed, final int inFlight) {
        if (allowance == UNKNOWN || allowance > reserve()) {
            return true;
        }
        return needed && (allowance > 0 || inFlight == 0);
    }

    void sent() {
        if (allowance != UNKNOWN) {
            allowance--;
        }
    }

    /**
     * Takes a response's headers in, {@code othersInFlight} still unanswered. Returns when the window resets, in nanos, if
     * the response said none are left and when that ends: every request must then wait.
     */
    OptionalLong heard(final RateLimitHeaders headers, final int othersInFlight, final long now) {
        headers.limit().ifPresent(limit -> size = limit);
        if (headers.remaining().isEmpty()) {
            return OptionalLong.empty();
        }
        final long remaining = headers.remaining().getAsLong();
        final long left = remaining - othersInFlight;
        final long reset = headers.untilReset().map(wait -> now + wait.toNanos()).orElse(UNKNOWN);
        if (reset == UNKNOWN || resetNanos == UNKNOWN || reset - resetNanos > SAME_WINDOW_NANOS) {
            allowance = left;
            resetNanos = reset;
        } else if (resetNanos - reset > SAME_WINDOW_NANOS) {
            return OptionalLong.empty();
        } else {
            allowance = Math.min(allowance, left);
        }
        return remaining <= 0 && reset != UNKNOWN ? OptionalLong.of(reset) : OptionalLong.empty();
    }

    private long reserve() {
        return size == UNKNOWN ? 1 : Math.max(1, size / 10);
    }

    @Override
    public String toString() {
        return allowance == UNKNOWN ? "unknown" : allowance + " left";
    }
}
