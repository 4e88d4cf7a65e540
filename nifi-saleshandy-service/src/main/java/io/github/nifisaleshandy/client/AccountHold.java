package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.Optional;

/**
 * What holds every request of an account back: a pause until a given time (a 429 met alone, or none left until a
 * reset), or a wait asked for beyond the longest accepted, during which requests fail at once instead. Not thread-safe:
 * {@link AccountRateLimit} calls it under its lock, on the time base of its clock.
 */
final class AccountHold {

    private final Duration longestWait;
    private long pausedUntilNanos;
    private String refusal;
    private long refusedUntilNanos;

    /** {@code now} on the clock's time base, which may be negative: "no pause" is now, not zero. */
    AccountHold(final Duration longestWait, final long now) {
        this.longestWait = longestWait;
        this.pausedUntilNanos = now;
    }

    /** Holds every request back until {@code nanos}, or longer if one already is. */
    void pauseUntil(final long nanos) {
        pausedUntilNanos = Math.max(pausedUntilNanos, nanos);
    }

    /** Makes every request fail at once with {@code message} for the longest accepted wait from {@code now}. */
    void refuse(final String message, final long now) {
        refusal = message;
        refusedUntilNanos = now + longestWait.toNanos();
    }

    /** Holds every request back for {@code wait} from {@code now}, or refuses them when that is longer than accepted; {@code asked} says who asked. */
    void holdFor(final Duration wait, final String asked, final long now) {
        if (wait.compareTo(longestWait) > 0) {
            refuse(Waits.tooLong(wait, asked, longestWait), now);
        } else {
            pauseUntil(now + wait.toNanos());
        }
    }

    /** Why requests fail at once now, if they do. */
    Optional<String> refusal(final long now) {
        return refusal != null && now < refusedUntilNanos ? Optional.of(refusal) : Optional.empty();
    }

    /** How long requests must still wait, in nanos; zero or less when they need not. */
    long pauseLeft(final long now) {
        return pausedUntilNanos - now;
    }
}
