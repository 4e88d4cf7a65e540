package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.testing.BackgroundCall;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AccountRateLimitTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AccountRateLimit account = new AccountRateLimit(sleeper, Duration.ofSeconds(60), 16);
    private final StopSignal stop = new StopSignal();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aClockThatReadsNegativeMeansNoPauseUntilOneIsAsked() throws Exception {
        final List<Duration> waits = new ArrayList<>();
        final Sleeper negativeTimeBase = new Sleeper() {
            @Override
            public void sleep(final Duration duration) {
                waits.add(duration);
            }

            @Override
            public long nanoTime() {
                return -4_000_000_000_000_000_000L;
            }
        };
        final AccountRateLimit account = new AccountRateLimit(negativeTimeBase, Duration.ofSeconds(60), 4);

        account.acquire(account.fixedRun(1).ticket(), negativeTimeBase, stop, "Page 1", null);

        assertEquals(List.of(), waits, "System.nanoTime() may be negative; that is no reason to wait");
    }

    @Test
    void anAdaptiveRunStartsWithOneRequestAndDoublesPerAnswer() throws Exception {
        final AccountRateLimit.Walk walk = account.newRun(8).walk();

        final AccountRateLimit.Permit first = acquire(walk);
        final Future<AccountRateLimit.Permit> second = threads.submit(() -> acquire(walk));
        assertEquals(1, account.inFlight(), "the second waits for the first answer");

        first.answered(RateLimitHeaders.NONE);
        second.get(5, TimeUnit.SECONDS);
        acquire(walk);
        assertEquals(2, account.inFlight());
    }

    @Test
    @Timeout(10)
    void aWalksFirstRequestIsTheNeededOneAndLookAheadWaitsUntilItsAnswerIsRead() throws Exception {
        final AccountRateLimit.Walk walk = account.newRun(8).walk();
        final AccountRateLimit.Ticket lookAhead = walk.ticket(() -> false);
        final BackgroundCall<AccountRateLimit.Permit> early = BackgroundCall.start(() -> account.acquire(lookAhead, sleeper, stop, "Page 2", null))
                .awaitParkedOrDone();
        assertFalse(early.isDone(), "a look-ahead took the run's only place before the page its walk needs");

        final AccountRateLimit.Permit needed = acquire(walk);
        needed.answered(RateLimitHeaders.NONE);
        assertFalse(early.awaitParkedOrDone().isDone(), "a look-ahead started before its walk read the answer, which may say it was the last page");
        walk.read();

        early.get();
        assertEquals(1, account.inFlight());
    }

    @Test
    void aCancelledRequestStartsNoAttemptEvenWithRoomToStart() {
        Thread.currentThread().interrupt();

        assertThrows(InterruptedException.class, () -> acquire(account.newRun(8).walk()));

        assertEquals(0, account.inFlight());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void sendsNoMoreThanTheLatestRemainingLessWhatIsStillUnanswered() throws Exception {
        final AccountRateLimit.Walk walk = account.fixedRun(8).walk();
        final List<AccountRateLimit.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            permits.add(acquire(walk));
        }

        // 5 left, and 3 requests still out that the server may not have counted yet: 2 more may go, and as the window's
        // tenth (2 of 20) is kept for requests known to be needed, a speculative one waits.
        permits.remove(0).answered(headers(5, 20, Duration.ofSeconds(30)));
        walk.read();
        permits.add(acquire(walk));
        final Future<AccountRateLimit.Permit> speculative = threads.submit(() -> account.acquire(walk.ticket(() -> false), sleeper, stop, "ahead", null));
        permits.add(acquire(walk));
        assertEquals(5, account.inFlight(), "the needed request took the last one left; the speculative one waits");
        assertTrue(!speculative.isDone());
        stop.stop();
        assertEquals(Failure.INTERRUPTED, failure(speculative).getFailure());
    }

    @Test
    void speculativeRequestsLeaveATenthOfTheWindowToNeededOnes() throws Exception {
        final AccountRateLimit.Walk walk = account.fixedRun(8).walk();
        acquire(walk).answered(headers(2, 20, Duration.ofSeconds(30)));
        walk.read();

        final Future<AccountRateLimit.Permit> speculative = threads.submit(() -> account.acquire(walk.ticket(() -> false), sleeper, stop, "ahead", null));
        final AccountRateLimit.Permit needed = acquire(walk);
        needed.answered(headers(1, 20, Duration.ofSeconds(30)));

        assertEquals(0, account.inFlight(), "2 of 20 left: the reserve of 2 is for needed requests");
        stop.stop();
        assertEquals(Failure.INTERRUPTED, failure(speculative).getFailure());
    }

    @Test
    void noneLeftHoldsEveryRequestUntilTheResetAndAMargin() throws Exception {
        final AccountRateLimit.Walk walk = account.fixedRun(8).walk();
        acquire(walk).answered(headers(0, 20, Duration.ofSeconds(12)));

        acquire(walk);

        assertEquals(List.of(Duration.ofSeconds(12).plus(AccountRateLimit.RESET_MARGIN)), sleeper.waits());
    }

    @Test
    void noneLeftUntilAResetBeyondTheLongestWaitFailsAtOnceSayingHowLong() throws Exception {
        final AccountRateLimit.Walk walk = account.fixedRun(8).walk();
        acquire(walk).answered(headers(0, 20, Duration.ofDays(365L * 30)));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> acquire(walk));

        assertEquals(Failure.WAIT_TOO_LONG, e.getFailure());
        assertTrue(e.getMessage().startsWith("Page: not sent: Saleshandy asks to wait 30 years (x-ratelimit-remaining: 0 until x-ratelimit-reset "),
                e.getMessage());
        assertEquals(List.of(), sleeper.waits());
    }

    @Test
    @Timeout(10)
    void whenAPauseEndsWaitingRequestsStartWithinTheLimitInTheOrderTheyAsked() throws Exception {
        final CountDownLatch allPaused = new CountDownLatch(5);
        final CountDownLatch pauseOver = new CountDownLatch(1);
        final Sleeper heldUntilReleased = new Sleeper() {
            @Override
            public void sleep(final Duration duration) throws InterruptedException {
                allPaused.countDown();
                pauseOver.await();
                sleeper.sleep(duration);
            }

            @Override
            public long nanoTime() {
                return sleeper.nanoTime();
            }
        };
        final AccountRateLimit capped = new AccountRateLimit(heldUntilReleased, Duration.ofSeconds(60), 2);
        final AccountRateLimit.Run run = capped.fixedRun(8);
        final List<AccountRateLimit.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tickets.add(run.ticket());
        }
        capped.pauseFor(Duration.ofSeconds(1));
        final List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch twoStarted = new CountDownLatch(2);
        for (int i = 4; i >= 0; i--) {
            final int index = i;
            threads.submit(() -> {
                final AccountRateLimit.Permit permit = capped.acquire(tickets.get(index), heldUntilReleased, stop, "Page " + index, null);
                started.add(index);
                twoStarted.countDown();
                return permit;
            });
        }
        assertTrue(allPaused.await(5, TimeUnit.SECONDS));

        pauseOver.countDown();

        assertTrue(twoStarted.await(5, TimeUnit.SECONDS));
        assertEquals(2, capped.inFlight(), "the limit holds when the pause ends");
        assertEquals(List.of(0, 1), started.stream().sorted().toList(), "the first two tickets go first, whoever asked first");
        stop.stop();
    }

    private AccountRateLimit.Permit acquire(final AccountRateLimit.Walk walk) throws SaleshandyApiException, InterruptedException {
        return account.acquire(walk.ticket(() -> true), sleeper, stop, "Page", null);
    }

    private static SaleshandyApiException failure(final Future<?> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (final java.util.concurrent.ExecutionException e) {
            return (SaleshandyApiException) e.getCause();
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    private RateLimitHeaders headers(final long remaining, final long limit, final Duration untilReset) {
        final Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new RateLimitHeaders(OptionalLong.of(limit), OptionalLong.of(remaining), Optional.of(now.plus(untilReset)), now);
    }
}
