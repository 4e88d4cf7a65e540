package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The state {@link AccountRateLimit} keeps under its lock, on the time base of its clock: the pause or refusal in force
 * ({@link Hold}), the adaptive limit on requests in flight ({@link InFlightLimit})
 * and what the rate-limit window has left ({@link Window}). None is thread-safe on its own.
 */
final class AccountLimits {

    private AccountLimits() {
    }

    /**
     * What holds every request of an account back: a pause until a given time (a 429 met alone, or none left until a
     * reset), or a wait asked for beyond the longest accepted, during which requests fail at once instead.
     */
    static final class Hold {

        private final Duration longestWait;
        private long pausedUntilNanos;
        private String refusal;
        private long refusedUntilNanos;

        /** {@code now} on the clock's time base, which may be negative: "no pause" is now, not zero. */
        Hold(final Duration longestWait, final long now) {
            this.longestWait = longestWait;
            this.pausedUntilNanos = now;
        }

        void pauseUntil(final long nanos) {
            pausedUntilNanos = Math.max(pausedUntilNanos, nanos);
        }

        void refuse(final String message, final long now) {
            refusal = message;
            refusedUntilNanos = now + longestWait.toNanos();
        }

        /** Holds every request back for {@code wait} from {@code now}, or refuses them when that is longer than accepted; {@code asked} is what asked. */
        void holdFor(final Duration wait, final RateLimitHeaders asked, final long now) {
            if (wait.compareTo(longestWait) > 0) {
                refuse(Retrier.tooLong(wait, asked, longestWait), now);
            } else {
                pauseUntil(now + wait.toNanos());
            }
        }

        Optional<String> refusal(final long now) {
            return refusal != null && now < refusedUntilNanos ? Optional.of(refusal) : Optional.empty();
        }

        /** How long requests must still wait, in nanos; zero or less when they need not. */
        long pauseLeft(final long now) {
            return pausedUntilNanos - now;
        }
    }

    /**
     * How many requests to one account may be in flight at once, learnt from the HTTP 429s met while several were: an
     * additive-increase, multiplicative-decrease limit, as TCP does with its congestion window. It starts at the ceiling;
     * the first 429 halves it, later ones set it just below the number in flight that met them; it then grows by one per
     * {@code limit} answers, but only slowly (after {@link #FIRST_PROBE_AFTER} answers, twice as many after each probe that
     * failed) back to a number that met a 429, so a server capping requests in flight sees a bounded number of 429s.
     */
    static final class InFlightLimit {

        static final int FIRST_PROBE_AFTER = 16;
        static final int LONGEST_PROBE_AFTER = 1024;
        private static final int NEVER = Integer.MAX_VALUE;

        private final int ceiling;
        private int limit;
        /** The fewest requests in flight that met a 429 since the limit last grew past it. */
        private int throttledAt = NEVER;
        private int probeAfter = FIRST_PROBE_AFTER;
        private int answersSinceChange;
        /** Counts the decreases: a 429 of a request sent before the latest decrease was already answered by it. */
        private long episode;

        InFlightLimit(final int ceiling) {
            if (ceiling < 1) {
                throw new IllegalArgumentException("ceiling must be 1 or more, was " + ceiling);
            }
            this.ceiling = ceiling;
            this.limit = ceiling;
        }

        int limit() {
            return limit;
        }

        long episode() {
            return episode;
        }

        void answered() {
            if (limit >= ceiling) {
                return;
            }
            answersSinceChange++;
            final boolean probing = limit + 1 >= throttledAt;
            if (answersSinceChange >= (probing ? probeAfter : limit)) {
                limit++;
                answersSinceChange = 0;
                if (limit > throttledAt) {
                    // The probe held: whatever capped the account before allows more now.
                    throttledAt = NEVER;
                    probeAfter = FIRST_PROBE_AFTER;
                }
            }
        }

        /**
         * A request met a 429 while {@code peakInFlight} requests (itself included, at most) were in flight, having been sent
         * during {@code sentInEpisode}. Only call it for {@code peakInFlight > 1}: a 429 met alone says nothing of concurrency.
         */
        void throttled(final int peakInFlight, final long sentInEpisode) {
            if (sentInEpisode != episode) {
                return;
            }
            episode++;
            answersSinceChange = 0;
            if (peakInFlight < throttledAt) {
                final int lowered = throttledAt == NEVER ? peakInFlight / 2 : peakInFlight - 1;
                limit = Math.max(1, Math.min(limit, lowered));
                throttledAt = peakInFlight;
                probeAfter = FIRST_PROBE_AFTER;
            } else {
                limit = Math.max(1, Math.min(limit, throttledAt - 1));
                probeAfter = Math.min(LONGEST_PROBE_AFTER, probeAfter * 2);
            }
        }

        @Override
        public String toString() {
            return "InFlightLimit[limit=" + limit + " of " + ceiling + (throttledAt == NEVER ? "" : ", 429 at " + throttledAt + " in flight") + "]";
        }
    }

    /**
     * What the current rate-limit window of an account has left, from the latest {@code x-ratelimit-*} headers: their
     * {@code remaining}, less the requests sent since or still unanswered (the server may not have counted those yet). A
     * response of an earlier window than the latest seen says nothing new.
     */
    static final class Window {

        private static final long UNKNOWN = Long.MAX_VALUE;
        /** Two resets closer than this name the same window: some forms carry whole seconds only. */
        private static final long SAME_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
        /** A reset further ahead counts as this far: a reset centuries away (year 9999) does not fit in a long of nanoseconds. */
        private static final Duration FAR_AHEAD = Duration.ofDays(36_500);

        private final Duration resetMargin;
        private long allowance = UNKNOWN;
        private long resetNanos = UNKNOWN;
        private long size = UNKNOWN;

        Window(final Duration resetMargin) {
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
         * Whether one more request may go now, with {@code inFlight} out. Look-ahead only while more than a reserve is left:
         * {@code reserve} (the run's ceiling) or a tenth of the window, whichever is more. With none left and no reset
         * known, one needed request at a time finds out.
         */
        boolean allows(final boolean needed, final int inFlight, final int reserve) {
            if (allowance == UNKNOWN) {
                return true;
            }
            return needed ? allowance > 0 || inFlight == 0 : allowance > Math.max(reserve, size == UNKNOWN ? 0 : size / 10);
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
            final long reset = headers.untilReset().map(wait -> now + (wait.compareTo(FAR_AHEAD) > 0 ? FAR_AHEAD : wait).toNanos()).orElse(UNKNOWN);
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

        @Override
        public String toString() {
            return allowance == UNKNOWN ? "unknown" : allowance + " left";
        }
    }
}
