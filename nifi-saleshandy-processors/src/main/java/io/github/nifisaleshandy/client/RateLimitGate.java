package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pause shared by every worker of a run: when one request is told to back off (HTTP 429, or a response saying no
 * requests are left until the rate-limit window resets), no worker sends another request until the pause is over,
 * so concurrent paging does not hammer a rate-limited API.
 */
public final class RateLimitGate {

    private final Sleeper sleeper;
    private final AtomicLong resumeAtNanos;

    public RateLimitGate(final Sleeper sleeper) {
        this.sleeper = sleeper;
        this.resumeAtNanos = new AtomicLong(sleeper.nanoTime());
    }

    /** Holds every request back for {@code pause} from now, or longer if another worker asked for longer. */
    public void pauseFor(final Duration pause) {
        final long until = sleeper.nanoTime() + pause.toNanos();
        resumeAtNanos.accumulateAndGet(until, Math::max);
    }

    /** Waits until the current pause, if any, is over. */
    public void awaitClear() throws InterruptedException {
        awaitClear(sleeper);
    }

    /** Waits with {@code waiter}, which may end early (a worker's sleeper that wakes when the processor stops). */
    public void awaitClear(final Sleeper waiter) throws InterruptedException {
        final long remaining = resumeAtNanos.get() - sleeper.nanoTime();
        if (remaining > 0) {
            waiter.sleep(Duration.ofNanos(remaining));
        }
    }
}
