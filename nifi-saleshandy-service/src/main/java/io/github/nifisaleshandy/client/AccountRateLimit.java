package io.github.nifisaleshandy.client;

import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The rate limit of one Saleshandy account as its client sees it, shared by every request to the account, retries
 * included: each request holds a {@link Permit} while it is in flight. A request starts only when
 * <ul>
 *   <li>no pause is in force (a 429 met alone, or a response saying none are left until {@code x-ratelimit-reset}, plus a
 *       {@link #RESET_MARGIN} since the server switches windows by its own clock); when a pause ends, waiting requests
 *       start within the limits below, in the order they first asked, not all at once;</li>
 *   <li>fewer than the {@link AccountLimits.InFlightLimit} are in flight, and fewer than its run allows ({@link Run}); a walk's first
 *       request is a needed one, never a look-ahead that happened to ask first ({@link Walk});</li>
 *   <li>the window has requests left: the latest {@code x-ratelimit-remaining}, less every request sent since or still
 *       unanswered ({@link AccountLimits.Window}). Speculative requests (a page that may lie past the end) never spend the last tenth of them.</li>
 * </ul>
 * A wait the server asks for beyond the longest accepted is not waited out: requests fail at once as
 * {@link Failure#WAIT_TOO_LONG} for that longest wait, then one may try again.
 */
public final class AccountRateLimit {

    /** Past a reset, before the next request: the server switches windows by its own clock, which may run behind ours. */
    public static final Duration RESET_MARGIN = Duration.ofMillis(250);

    /** How often a request waiting for room looks again whether its run was stopped. */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Sleeper clock;
    private final AccountLimits.InFlightLimit limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<Ticket> waiting = new TreeSet<>(Comparator.comparingLong(Ticket::order));
    private final Set<Permit> inFlight = new HashSet<>();
    private final AtomicLong tickets = new AtomicLong();
    private final AccountLimits.Hold hold;
    private final AccountLimits.Window window = new AccountLimits.Window(RESET_MARGIN);

    /** {@code clock}: the time base of pauses; {@code longestWait}: the longest accepted; {@code ceiling}: the most requests in flight. */
    public AccountRateLimit(final Sleeper clock, final Duration longestWait, final int ceiling) {
        this.clock = clock;
        this.limit = new AccountLimits.InFlightLimit(ceiling);
        this.hold = new AccountLimits.Hold(longestWait, clock.nanoTime());
    }

    /** A run of requests with at most {@code ceiling} in flight, starting with one and doubling per answer. */
    public Run newRun(final int ceiling) {
        return new Run(ceiling, false);
    }

    /** A run with {@code requests} in flight from the start, within the account's limits. */
    public Run fixedRun(final int requests) {
        return new Run(requests, true);
    }

    /** How many requests may be in flight to the account now. */
    public int limit() {
        return read(limit::limit);
    }

    /** How many requests to the account are in flight now. */
    public int inFlight() {
        return read(inFlight::size);
    }

    /** Holds every request back for {@code pause} from now, or longer if one already is. */
    public void pauseFor(final Duration pause) {
        change(() -> hold.pauseUntil(clock.nanoTime() + pause.toNanos()));
    }

    /** Makes every request fail at once with {@code message} for the longest accepted wait: Saleshandy asked for longer. */
    public void refuseFor(final String message) {
        change(() -> hold.refuse(message, clock.nanoTime()));
    }

    private <T> T read(final Supplier<T> value) {
        lock.lock();
        try {
            return value.get();
        } finally {
            lock.unlock();
        }
    }

    private void change(final Runnable change) {
        read(() -> {
            change.run();
            return null;
        });
    }

    /**
     * Many requests of one run: its own ceiling (Concurrent Requests) and ramp. An adaptive run starts with one request in
     * flight and doubles after each answer without a 429, so a run of one page sends one request, and a long run is at its
     * ceiling after a few round trips.
     */
    public final class Run {

        private final int ceiling;
        private int window;
        private int running;

        private Run(final int ceiling, final boolean fixed) {
            if (ceiling < 1) {
                throw new IllegalArgumentException("concurrency must be 1 or more, was " + ceiling);
            }
            this.ceiling = ceiling;
            this.window = fixed ? ceiling : 1;
        }

        public int ceiling() {
            return ceiling;
        }

        /** The requests of one walk through pages (one date window's pager), within this run's ceiling and ramp. */
        public Walk walk() {
            return new Walk(this);
        }

        /** A request that is always needed, such as the next page of a serial listing. */
        public Ticket ticket() {
            return walk().ticket(() -> true);
        }

        private boolean hasRoom() {
            return running < Math.min(window, ceiling);
        }
    }

    /**
     * The requests of one walk through pages. Its first request is a needed one, never a look-ahead that happened to ask
     * first. Once a needed request is answered, no look-ahead starts until the walk has read that answer
     * ({@link #read()}): the answer may say it was the last page, and the room it frees (and the ramp's doubling) would
     * otherwise go to pages past the end. When a needed request fails for good, the walk is over: its other requests,
     * queued or still being queued, are refused, not started in its place. Walks of one run (its date windows) share the run's ramp, not these rules.
     */
    public final class Walk {

        private final Run run;
        private boolean started;
        /** A needed request was answered and the walk has not read the answer yet. */
        private boolean unread;
        /** A needed request of the walk failed for good: the walk is over, and its requests are refused. */
        private boolean failed;

        private Walk(final Run run) {
            this.run = run;
        }

        /** A place in the queue of this account's requests; {@code needed} says whether the request is known to be needed now. */
        public Ticket ticket(final BooleanSupplier needed) {
            return new Ticket(tickets.incrementAndGet(), this, needed);
        }

        /** The walk read the answer of its needed request, which says there is more: look-ahead may go on. */
        public void read() {
            change(() -> {
                unread = false;
                changed.signalAll();
            });
        }
    }

    /** One request's place in the queue, kept across its retries so that a retry does not lose its turn. */
    public record Ticket(long order, Walk walk, BooleanSupplier needed) {
    }

    /**
     * Waits until the request may start and takes its permit. {@code waiter} sleeps through pauses (it may wake early on
     * a stop); {@code stop} ends the wait. {@code held} (a permit the same request kept through its back-off, or null) is
     * handed back only once the request waits again, so that its place goes to no later request.
     */
    public Permit acquire(final Ticket ticket, final Sleeper waiter, final Sleeper.Stop stop, final String label, final Permit held)
            throws SaleshandyApiException, InterruptedException {
        lock.lock();
        try {
            waiting.add(ticket);
            if (held != null) {
                held.failed(RateLimitHeaders.NONE);
            }
            while (true) {
                if (stop.isStopped()) {
                    throw new SaleshandyApiException(Failure.INTERRUPTED, label + ": the processor is stopping");
                }
                if (ticket.walk().failed) {
                    throw new SaleshandyApiException(Failure.INTERRUPTED, label + ": not sent: a page its walk needed failed");
                }
                // A cancelled request (its thread interrupted) starts no attempt, even when it could start at once.
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                final long now = clock.nanoTime();
                window.endIfReset(now);
                final Optional<String> refusal = hold.refusal(now);
                if (refusal.isPresent()) {
                    throw new SaleshandyApiException(Failure.WAIT_TOO_LONG, label + ": not sent: " + refusal.get());
                }
                final long pause = hold.pauseLeft(now);
                if (pause > 0) {
                    lock.unlock();
                    try {
                        waiter.sleep(Duration.ofNanos(pause));
                    } finally {
                        lock.lock();
                    }
                } else if (nextToStart() == ticket) {
                    return start(ticket);
                } else {
                    changed.awaitNanos(WAIT_SLICE_NANOS);
                }
            }
        } finally {
            waiting.remove(ticket);
            changed.signalAll();
            lock.unlock();
        }
    }

    /** The first waiting request, in the order they first asked, that may start now; null when none may. */
    private Ticket nextToStart() {
        if (inFlight.size() >= limit.limit()) {
            return null;
        }
        for (final Ticket candidate : waiting) {
            final boolean needed = candidate.needed().getAsBoolean();
            final Walk walk = candidate.walk();
            if (walk.run.hasRoom() && (needed || walk.started && !walk.unread) && window.allows(needed, inFlight.size())) {
                return candidate;
            }
        }
        return null;
    }

    private Permit start(final Ticket ticket) {
        final Permit permit = new Permit(ticket, limit.episode());
        inFlight.add(permit);
        for (final Permit other : inFlight) {
            other.peak = Math.max(other.peak, inFlight.size());
        }
        ticket.walk().run.running++;
        ticket.walk().started = true;
        window.sent();
        return permit;
    }

    /** What a response's rate-limit headers say; with none left until a reset, every request waits for it, or fails if that is too long. */
    private void heard(final RateLimitHeaders headers, final int othersInFlight, final long now) {
        window.heard(headers, othersInFlight, now).ifPresent(resetNanos -> hold.holdFor(Duration.ofNanos(resetNanos - now).plus(RESET_MARGIN),
                "x-ratelimit-remaining: 0 until x-ratelimit-reset " + headers.resetAt().orElseThrow(), now));
    }

    /** A request's hold on its place among those in flight; answered exactly once. */
    public final class Permit {

        private final Ticket ticket;
        private final long episode;
        private int peak;
        private boolean released;

        private Permit(final Ticket ticket, final long episode) {
            this.ticket = ticket;
            this.episode = episode;
        }

        /** Whether other requests were in flight with this one at some point: a 429 it meets then is not its own fault. */
        public boolean crowded() {
            return read(() -> peak > 1);
        }

        /**
         * The request is about to fail for good, before its permit is given back. When it was needed its walk cannot go
         * on, so the walk's other requests are refused from here on rather than started in its place.
         */
        public void givingUp() {
            change(() -> {
                if (!released && ticket.needed().getAsBoolean()) {
                    ticket.walk().failed = true;
                }
            });
        }

        /** The request was answered without a 429; its run may send more at once. */
        public void answered(final RateLimitHeaders headers) {
            release(headers, () -> {
                if (ticket.needed().getAsBoolean()) {
                    ticket.walk().unread = true;
                }
                limit.answered();
                final Run run = ticket.walk().run;
                run.window = Math.min(run.ceiling, run.window * 2);
            });
        }

        /** The request met a 429; when it was {@link #crowded()} that lowers the limit. */
        public void throttled(final RateLimitHeaders headers) {
            release(headers, () -> {
                if (peak > 1) {
                    limit.throttled(peak, episode);
                }
            });
        }

        /** The request failed and keeps its place among those in flight for now: what its answer said counts already. */
        public void heard(final RateLimitHeaders headers) {
            change(() -> {
                if (!released) {
                    AccountRateLimit.this.heard(headers, inFlight.size() - 1, clock.nanoTime());
                    changed.signalAll();
                }
            });
        }

        /** The request failed otherwise, or was cancelled. */
        public void failed(final RateLimitHeaders headers) {
            release(headers, () -> { });
        }

        private void release(final RateLimitHeaders headers, final Runnable learn) {
            change(() -> {
                if (released) {
                    return;
                }
                released = true;
                inFlight.remove(this);
                ticket.walk().run.running--;
                learn.run();
                AccountRateLimit.this.heard(headers, inFlight.size(), clock.nanoTime());
                changed.signalAll();
            });
        }
    }

    @Override
    public String toString() {
        return read(() -> "AccountRateLimit[" + limit + ", in flight " + inFlight.size() + ", " + window + "]");
    }
}
