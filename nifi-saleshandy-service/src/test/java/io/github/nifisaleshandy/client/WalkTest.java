package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a walk's answers do to the account's requests: the end refuses later pages and grows no limit; needed pages go first. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WalkTest {

    private final Sleeper.Stop stop = new Sleeper.Stop();

    @Test
    void answersPastTheLastPageDoNotGrowTheLimitAndLaterPagesAreRefused() throws Exception {
        final AccountRateLimit account = new AccountRateLimit(Sleeper.SYSTEM, Duration.ofSeconds(60), 8);
        final AccountRateLimit.Run run = account.newRun(8, new AtomicInteger());
        halveTheLimitWithA429AmongEight(account, run);
        assertEquals(4, account.limit());

        final AccountRateLimit.Walk walk = run.walk();
        final AccountRateLimit.Permit first = acquire(account, walk.ticket(1));
        walk.answered(1, false, RateLimitHeaders.NONE);
        first.answered(RateLimitHeaders.NONE);
        final AccountRateLimit.Permit second = acquire(account, walk.ticket(2));
        walk.answered(2, false, RateLimitHeaders.NONE);
        second.answered(RateLimitHeaders.NONE);
        final AccountRateLimit.Permit third = acquire(account, walk.ticket(3));
        final AccountRateLimit.Permit fourth = acquire(account, walk.ticket(4));
        final AccountRateLimit.Permit fifth = acquire(account, walk.ticket(5));

        walk.answered(3, true, RateLimitHeaders.NONE);
        third.answered(RateLimitHeaders.NONE);
        fourth.answered(RateLimitHeaders.NONE);
        fifth.answered(RateLimitHeaders.NONE);
        assertEquals(4, account.limit(), "three answers up to the last page, and the limit grows after four");

        final SaleshandyApiException refused = assertThrows(SaleshandyApiException.class, () -> acquire(account, walk.ticket(6)));
        assertEquals(Failure.INTERRUPTED, refused.getFailure());
        assertEquals("Page 6: not sent: page 3 was the last", refused.getMessage());

        acquire(account, run.ticket()).answered(RateLimitHeaders.NONE);
        assertEquals(5, account.limit(), "the fourth answer of a page that was needed grows it");
    }

    @Test
    void aNeededPageStartsBeforeALookAheadThatAskedFirst() throws Exception {
        final AccountRateLimit account = new AccountRateLimit(Sleeper.SYSTEM, Duration.ofSeconds(60), 2);
        final AccountRateLimit.Run run = account.newRun(8, new AtomicInteger());
        final AccountRateLimit.Permit other = acquire(account, run.ticket());
        final AccountRateLimit.Walk walk = run.walk();
        acquire(account, walk.ticket(1));
        walk.answered(1, false, RateLimitHeaders.NONE);

        final CompletableFuture<AccountRateLimit.Permit> lookAhead = waitFor(account, walk.ticket(2));
        final CompletableFuture<AccountRateLimit.Permit> needed = waitFor(account, run.ticket());
        other.failed(RateLimitHeaders.NONE);

        needed.get(5, TimeUnit.SECONDS);
        assertFalse(lookAhead.isDone(), "the account's one free place went to the needed page");
        assertEquals(2, account.inFlight());
        stop.stop();
        assertTrue(assertThrows(Exception.class, lookAhead::join).getCause() instanceof SaleshandyApiException);
    }

    /** Acquires {@code ticket} on a thread of its own, and returns once it waits for its turn. */
    private CompletableFuture<AccountRateLimit.Permit> waitFor(final AccountRateLimit account, final AccountRateLimit.Ticket ticket) {
        final CompletableFuture<AccountRateLimit.Permit> permit = new CompletableFuture<>();
        final Thread thread = new Thread(() -> {
            try {
                permit.complete(acquire(account, ticket));
            } catch (final Exception e) {
                permit.completeExceptionally(e);
            }
        });
        thread.start();
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        return permit;
    }

    private void halveTheLimitWithA429AmongEight(final AccountRateLimit account, final AccountRateLimit.Run run) throws Exception {
        final AccountRateLimit.Permit[] permits = new AccountRateLimit.Permit[8];
        for (int i = 0; i < permits.length; i++) {
            permits[i] = acquire(account, run.ticket());
        }
        permits[0].throttled(RateLimitHeaders.NONE);
        for (int i = 1; i < permits.length; i++) {
            permits[i].failed(RateLimitHeaders.NONE);
        }
    }

    private AccountRateLimit.Permit acquire(final AccountRateLimit account, final AccountRateLimit.Ticket ticket) throws Exception {
        return account.acquire(ticket, Sleeper.SYSTEM, stop, "Page " + ticket.page(), null);
    }
}
