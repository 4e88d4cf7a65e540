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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The rate limit of one Saleshandy account, shared by every request to it, retries included: each request holds a
 * {@link Permit} while in flight. A request starts, in the order requests first asked (needed pages before look-ahead), when
 * <ul>
 *   <li>no pause is in force (a 429 met alone, or none left until {@code x-ratelimit-reset}, plus {@link #RESET_MARGIN}); one
 *       asked for beyond the longest accepted makes requests fail at once as {@link Failure#WAIT_TOO_LONG} for that long;</li>
 *   <li>fewer than the {@link AccountLimits.InFlightLimit} are in flight, and fewer than its run's ceiling ({@link Run});</li>
 *   <li>a look-ahead lies within what its {@link Walk} knows;</li>
 *   <li>the window has requests left ({@link AccountLimits.Window}); look-ahead never spends its last ones.</li>
 * </ul>
 */
public final class AccountRateLimit {

    /** Past a reset, before the next request: the server switches windows by its own clock, which may run behind ours. */
    public static final Duration RESET_MARGIN = Duration.ofMillis(250);
    /** How often a waiting request looks again whether its run was stopped. */
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

    /** At most {@code ceiling} in flight; each walk expects as many pages as {@code pagesOfLastWalk} (0: none), and sets it when it ends. */
    public Run newRun(final int ceiling, final AtomicInteger pagesOfLastWalk) {
        return new Run(ceiling, pagesOfLastWalk);
    }

    public int limit() {
        return read(limit::limit);
    }

    public int inFlight() {
        return read(inFlight::size);
    }

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

    /** Many requests of one query: its own ceiling (Concurrent Requests), and what its walks learn of their length. */
    public final class Run {

        private final int ceiling;
        private final AtomicInteger pagesOfLastWalk;
        private int running;

        private Run(final int ceiling, final AtomicInteger pagesOfLastWalk) {
            this.ceiling = ceiling;
            this.pagesOfLastWalk = pagesOfLastWalk;
        }

        public int ceiling() {
            return ceiling;
        }

        /** The requests of one walk through pages (one date window's pager), expecting as many pages as the latest walk took. */
        public Walk walk() {
            return new Walk(this, pagesOfLastWalk.get());
        }

        /** A request that is always needed, such as the next page of a serial listing: page 1 of a walk of its own. */
        public Ticket ticket() {
            return walk().ticket(1);
        }
    }

    /**
     * The requests of one walk through pages; its first request is the needed page 1. A look-ahead for page p may start when
     * p <= expected (the pages the latest walk took) or p <= k + 1 + min(ceiling - 1, floor(sqrt(2 (k - expected)))), k being
     * the highest page known to have more: at most 1, 2, 6 and 7 pages past the last of walks of 2, 5, 20 and 100 pages. An
     * answer that ends the walk ends it at once: later requests are refused and grow no limit. So does a needed page failing.
     */
    public final class Walk {

        private final Run run;
        private final int expected;
        private boolean started;
        private int knownToHaveMore;
        private int lastPage = Integer.MAX_VALUE;
        private int neededPage = 1;
        private boolean failed;

        private Walk(final Run run, final int expected) {
            this.run = run;
            this.expected = expected;
        }

        public Ticket ticket(final int page) {
            return new Ticket(tickets.incrementAndGet(), this, page);
        }

        /** The page the walk awaits next, the only one known to be needed, is {@code page} now (0: none, the walk is over). */
        public void needs(final int page) {
            change(() -> {
                neededPage = page;
                changed.signalAll();
            });
        }

        /** Page {@code page} says it is the last or that there is more; called before its permit is given back, with its headers. */
        public void answered(final int page, final boolean last, final RateLimitHeaders headers) {
            change(() -> {
                AccountRateLimit.this.heard(headers, inFlight.size() - 1, clock.nanoTime());
                if (page < lastPage && !last) {
                    knownToHaveMore = Math.max(knownToHaveMore, page);
                } else if (page < lastPage) {
                    lastPage = page;
                    run.pagesOfLastWalk.set(page);
                }
                changed.signalAll();
            });
        }

        private boolean mayLookAheadTo(final int page) {
            final int bet = (int) Math.sqrt(2.0 * Math.max(0, knownToHaveMore - expected));
            return started && (page <= expected || page <= knownToHaveMore + 1 + Math.min(run.ceiling - 1, bet));
        }
    }

    /** One request's place in the queue, kept across its retries so that a retry does not lose its turn. */
    public record Ticket(long order, Walk walk, int page) {

        private boolean needed() {
            return page == walk.neededPage;
        }
    }

    /**
     * Waits until the request may start and takes its permit. {@code waiter} sleeps through pauses; {@code stop} ends the
     * wait. {@code held} (a permit the request kept through its back-off, or null) is handed back only once it waits again.
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
                if (ticket.page() > ticket.walk().lastPage) {
                    throw new SaleshandyApiException(Failure.INTERRUPTED, label + ": not sent: page " + ticket.walk().lastPage + " was the last");
                }
                if (Thread.interrupted()) { // a cancelled request starts no attempt, even when it could start at once
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

    /** The first needed request that may start now, else the first look-ahead that may, in the order they first asked; or null. */
    private Ticket nextToStart() {
        if (inFlight.size() >= limit.limit()) {
            return null;
        }
        Ticket lookAhead = null;
        for (final Ticket candidate : waiting) {
            final Walk walk = candidate.walk();
            if (walk.run.running >= walk.run.ceiling) {
                continue;
            }
            if (candidate.needed()) {
                if (window.allows(true, inFlight.size(), walk.run.ceiling)) {
                    return candidate;
                }
            } else if (lookAhead == null && walk.mayLookAheadTo(candidate.page()) && window.allows(false, inFlight.size(), walk.run.ceiling)) {
                lookAhead = candidate;
            }
        }
        return lookAhead;
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
        // The wait as the headers say it, not as the window stores it (capped), so that a refusal quotes it right.
        window.heard(headers, othersInFlight, now).ifPresent(resetNanos -> hold.holdFor(headers.untilReset().orElseThrow().plus(RESET_MARGIN), headers, now));
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

        /** The request is about to fail for good: when it was needed, its walk is over and its other requests are refused. */
        public void givingUp() {
            change(() -> ticket.walk().failed |= !released && ticket.needed());
        }

        /** The request was answered without a 429: unless it lies past its walk's last page, the limit may grow. */
        public void answered(final RateLimitHeaders headers) {
            release(headers, () -> {
                if (ticket.page() <= ticket.walk().lastPage) {
                    limit.answered();
                }
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
