package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When a request of the account may start, on a clock of the test's: pauses, their order, what the window has left, refusals, 429s. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AccountRateLimitTest {

    private static final Clock HEADERS_CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    private final ManualClock clock = new ManualClock();
    private final Sleeper.Stop stop = new Sleeper.Stop();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void endWaits() throws InterruptedException {
        stop.stop();
        for (final Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void aClockThatReadsNegativeMeansNoPauseUntilOneIsAsked() throws Exception {
        final Sleeper negativeTimeBase = new Sleeper() {
            @Override
            public void sleep(final Duration duration) {
                fail("waited " + duration + ": System.nanoTime() may be negative, which is no reason to wait");
            }

            @Override
            public long nanoTime() {
                return -4_000_000_000_000_000_000L;
            }
        };
        final AccountRateLimit account = new AccountRateLimit(negativeTimeBase, Duration.ofSeconds(60), 4);

        account.acquire(account.newRun(1, new AtomicInteger()).ticket(), negativeTimeBase, stop, "Page 1", null);

        assertEquals(1, account.inFlight());
    }

    @Test
    void whenAPauseEndsWaitingRequestsStartWithinTheLimitInTheOrderTheyFirstAsked() throws Exception {
        final AccountRateLimit account = new AccountRateLimit(clock, Duration.ofSeconds(60), 2);
        final AccountRateLimit.Run run = account.newRun(8, new AtomicInteger());
        final List<AccountRateLimit.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tickets.add(run.ticket());
        }
        account.pauseFor(Duration.ofSeconds(1));
        final Set<Integer> started = ConcurrentHashMap.newKeySet();
        final List<CountDownLatch> pauseOver = new ArrayList<>();
        final CountDownLatch allPaused = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            final int index = i;
            final CountDownLatch over = new CountDownLatch(1);
            pauseOver.add(over);
            final Sleeper pausedUntilReleased = duration -> {
                allPaused.countDown();
                over.await();
            };
            start(() -> {
                account.acquire(tickets.get(index), pausedUntilReleased, stop, "Page " + index, null);
                started.add(index);
            });
        }
        assertTrue(allPaused.await(5, TimeUnit.SECONDS));
        clock.advance(Duration.ofSeconds(1));

        for (int i = 4; i >= 2; i--) {
            pauseOver.get(i).countDown();
            waitingOrEnded(threads.get(i));
        }
        assertEquals(Set.of(), started, "the last three to ask woke first, and went before the first two");
        pauseOver.get(1).countDown();
        pauseOver.get(0).countDown();

        within(() -> started.size() >= 2, "two requests starting");
        assertEquals(Set.of(0, 1), started, "the first two tickets go first, whoever woke first");
        assertEquals(2, account.inFlight(), "the limit holds when the pause ends: not every waiting request at once");
        threads.subList(2, 5).forEach(this::waitingOrEnded);
        assertEquals(Set.of(0, 1), started);
    }

    @Test
    void sendsNoMoreThanTheLatestRemainingLessWhatIsStillUnanswered() throws Exception {
        final AccountRateLimit account = new AccountRateLimit(clock, Duration.ofSeconds(60), 16);
        final AccountRateLimit.Run run = account.newRun(8, new AtomicInteger());
        final List<AccountRateLimit.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            permits.add(acquire(account, run.ticket()));
        }

        // 5 left, and 3 requests still out that the server may not have counted yet: 2 more may go.
        permits.removeFirst().answered(headers("5", "30"));
        permits.add(acquire(account, run.ticket()));
        permits.add(acquire(account, run.ticket()));
        final CompletableFuture<SaleshandyApiException> third = new CompletableFuture<>();
        waitingOrEnded(start(() -> third.complete(assertThrows(SaleshandyApiException.class, () -> acquire(account, run.ticket())))));

        assertEquals(5, account.inFlight(), "a request beyond what the window has left was sent");
        stop.stop();
        assertEquals(Failure.INTERRUPTED, third.get(5, TimeUnit.SECONDS).getFailure());
    }

    @Test
    void noneLeftUntilAResetBeyondTheLongestWaitRefusesRequestsForTheLongestWaitThenOneMayFindOut() throws Exception {
        final AccountRateLimit account = new AccountRateLimit(clock, Duration.ofSeconds(60), 4);
        final AccountRateLimit.Run run = account.newRun(4, new AtomicInteger());
        acquire(account, run.ticket()).answered(headers("0", String.valueOf(Duration.ofDays(365L * 30).toSeconds())));

        final SaleshandyApiException refused = assertThrows(SaleshandyApiException.class, () -> acquire(account, run.ticket()));
        assertEquals(Failure.WAIT_TOO_LONG, refused.getFailure());
        assertTrue(refused.getMessage().startsWith("Page 1: not sent: Saleshandy asks to wait 30 years (x-ratelimit-remaining: 0, x-ratelimit-reset: "),
                refused.getMessage());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Failure.WAIT_TOO_LONG, assertThrows(SaleshandyApiException.class, () -> acquire(account, run.ticket())).getFailure());

        clock.advance(Duration.ofSeconds(1));

        acquire(account, run.ticket());
        assertEquals(1, account.inFlight());
    }

    @Test
    void onlyA429MetAmongOtherRequestsLowersTheLimit() throws Exception {
        final AccountRateLimit account = new AccountRateLimit(clock, Duration.ofSeconds(60), 8);
        final AccountRateLimit.Run run = account.newRun(8, new AtomicInteger());
        acquire(account, run.ticket()).throttled(RateLimitHeaders.NONE);
        assertEquals(8, account.limit(), "a 429 met alone says nothing of how many requests the account may have in flight");

        final AccountRateLimit.Permit first = acquire(account, run.ticket());
        final List<AccountRateLimit.Permit> others = List.of(acquire(account, run.ticket()), acquire(account, run.ticket()), acquire(account, run.ticket()));
        others.forEach(other -> other.answered(RateLimitHeaders.NONE));
        assertTrue(first.crowded());
        first.throttled(RateLimitHeaders.NONE);

        assertEquals(2, account.limit(), "a first 429 among 4 in flight halves the number that met it");
    }

    private AccountRateLimit.Permit acquire(final AccountRateLimit account, final AccountRateLimit.Ticket ticket) throws Exception {
        return account.acquire(ticket, clock, stop, "Page " + ticket.page(), null);
    }

    /** {@code remaining} requests left until a reset {@code resetSeconds} from now, as the headers of an answer say. */
    private static RateLimitHeaders headers(final String remaining, final String resetSeconds) {
        return RateLimitHeaders.from(Headers.of(RateLimitHeaders.LIMIT_HEADER, "20", RateLimitHeaders.REMAINING_HEADER, remaining,
                RateLimitHeaders.RESET_HEADER, resetSeconds), HEADERS_CLOCK);
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private Thread start(final Body body) {
        final Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (final Exception e) {
                // A request stopped by the test's end.
            }
        });
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }

    /** Returns once {@code thread} waits for its turn (a timed wait: pauses here are untimed) or has ended. */
    private void waitingOrEnded(final Thread thread) {
        within(() -> thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.TERMINATED, thread + " waiting");
    }

    /** Spins until {@code condition} holds; a bound, not a timing: a broken rate limit may spin its requests instead of waiting. */
    private static void within(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("no " + what + " within 5 seconds");
            }
            Thread.onSpinWait();
        }
    }

    /** The account's time base: moves only when the test moves it or a request sleeps. */
    private static final class ManualClock implements Sleeper {

        private final AtomicLong nanos = new AtomicLong(-1_000_000_000_000L);

        @Override
        public void sleep(final Duration duration) {
            advance(duration);
        }

        void advance(final Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        @Override
        public long nanoTime() {
            return nanos.get();
        }
    }
}
