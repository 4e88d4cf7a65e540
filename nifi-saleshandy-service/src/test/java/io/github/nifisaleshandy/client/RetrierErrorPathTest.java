package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.testing.BackgroundCall;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An Error (StackOverflowError in a parser, OutOfMemoryError, ExceptionInInitializerError from a NAR class) thrown by an
 * attempt or by the retry listener must still give the request's permit back: the account's rate limit is shared by
 * every processor of the connection service, so a leaked permit lowers its in-flight limit for as long as the service is
 * enabled, and at Max Requests In Flight leaked permits every request of the account waits until its processor stops.
 */
class RetrierErrorPathTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AccountRateLimit account = new AccountRateLimit(sleeper, RetryPolicy.DEFAULT_MAX_RETRY_AFTER, 1);

    @Test
    @Timeout(10)
    void anErrorFromTheAttemptGivesItsPermitBack() throws Exception {
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(3), sleeper, account, new StopSignal(), (f, retry, w) -> { });

        assertThrows(StackOverflowError.class, () -> retrier.<StatsPage<Void>>call("Page 1", account.fixedRun(1).ticket(), () -> {
            throw new StackOverflowError();
        }, StatsPage::rateLimit));

        assertEquals(0, account.inFlight(), "the failed request still holds its place among those in flight");
        final BackgroundCall<AccountRateLimit.Permit> next = BackgroundCall.start(
                () -> account.acquire(account.fixedRun(1).ticket(), sleeper, new StopSignal(), "Page 1 of the next run", null)).awaitParkedOrDone();
        assertTrue(next.isDone(), "the next request of the account never starts");
    }

    @Test
    @Timeout(10)
    void aCheckedExceptionThrownUndeclaredGivesThePermitBack() {
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(3), sleeper, account, new StopSignal(), (f, retry, w) -> { });

        // As OkHttp (Kotlin) throws when a cancel interrupts it while it opens a connection.
        assertThrows(InterruptedException.class, () -> retrier.<StatsPage<Void>>call("Page 2", account.fixedRun(1).ticket(),
                () -> throwUndeclared(new InterruptedException()), StatsPage::rateLimit));

        assertEquals(0, account.inFlight(), "a cancelled look-ahead kept its place among those in flight for good");
    }

    @Test
    @Timeout(10)
    void anErrorFromTheRetryListenerGivesTheHeldPermitBack() {
        final Retrier retrier = new Retrier(RetryPolicy.withMaxRetries(3), sleeper, account, new StopSignal(), (f, retry, w) -> {
            throw new ExceptionInInitializerError("a logger class failed to load");
        });

        assertThrows(ExceptionInInitializerError.class, () -> retrier.<StatsPage<Void>>call("Page 1", account.fixedRun(1).ticket(), () -> {
            throw new SaleshandyApiException(Failure.TRANSIENT, "HTTP 503", 503, null);
        }, StatsPage::rateLimit));

        assertEquals(0, account.inFlight(), "the request kept its permit through a back-off that never happened");
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T throwUndeclared(final Throwable e) throws E {
        throw (E) e;
    }
}
