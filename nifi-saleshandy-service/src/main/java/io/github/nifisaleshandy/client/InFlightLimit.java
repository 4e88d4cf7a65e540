package io.github.nifisaleshandy.client;

/**
 * How many requests to one account may be in flight at once, learnt from the HTTP 429s met while several were: an
 * additive-increase, multiplicative-decrease limit, as TCP does with its congestion window. It starts at the ceiling
 * (each run ramps up on its own, see {@link AccountRateLimit.Run}); the first 429 halves it, later ones set it just below
 * the number in flight that met them; it then grows by one per {@code limit} answers, but only slowly (after
 * {@link #FIRST_PROBE_AFTER} answers, twice as many after each probe that failed) back to a number that met a 429, so a
 * server that caps requests in flight sees a bounded number of 429s however long a run is.
 *
 * <p>Not thread-safe: {@link AccountRateLimit} calls it under its lock.
 */
final class InFlightLimit {

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

    int ceiling() {
        return ceiling;
    }

    long episode() {
        return episode;
    }

    /** A request was answered without a 429. */
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
