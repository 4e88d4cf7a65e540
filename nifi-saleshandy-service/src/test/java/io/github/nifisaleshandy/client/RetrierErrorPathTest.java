package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An Error (StackOverflowError in a parser, ExceptionInInitializerError from a NAR class), or a checked exception a library
 * throws undeclared, still gives the request's permit back: the account's rate limit is shared by every processor of the
 * service, so at Max Requests In Flight a leaked permit would hold every later request of the account back until it is disabled.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RetrierErrorPathTest {

    private final Sleeper noWaits = duration -> { };
    private final AccountRateLimit account = new AccountRateLimit(noWaits, Retrier.Policy.DEFAULT_MAX_RETRY_AFTER, 1);

    @Test
    void anErrorFromTheAttemptGivesItsPermitBack() throws Exception {
        final Retrier retrier = retrier(ClientOptions.Events.NONE);

        assertThrows(StackOverflowError.class, () -> retrier.call("Page 1", ticket(), () -> {
            throw new StackOverflowError();
        }));

        assertEquals(0, account.inFlight(), "the failed request still holds its place among those in flight");
        theNextRequestStarts();
    }

    @Test
    void aCheckedExceptionThrownUndeclaredGivesItsPermitBack() throws Exception {
        final Retrier retrier = retrier(ClientOptions.Events.NONE);

        // As OkHttp (Kotlin) throws when a cancel interrupts it while it opens a connection.
        assertThrows(InterruptedException.class, () -> retrier.call("Page 2", ticket(), () -> throwUndeclared(new InterruptedException())));

        assertEquals(0, account.inFlight(), "a cancelled request kept its place among those in flight for good");
        theNextRequestStarts();
    }

    @Test
    void anErrorFromTheRetryListenerGivesTheHeldPermitBack() throws Exception {
        final Retrier retrier = retrier(new ClientOptions.Events() {
            @Override
            public void retrying(final SaleshandyApiException failure, final int retry, final Duration wait) {
                throw new ExceptionInInitializerError("a logger class failed to load");
            }

            @Override
            public void warning(final String message) {
            }
        });

        assertThrows(ExceptionInInitializerError.class, () -> retrier.call("Page 1", ticket(), () -> {
            throw new SaleshandyApiException(Failure.TRANSIENT, "Page 1: HTTP 503", 503, null, null);
        }));

        assertEquals(0, account.inFlight(), "the request kept its permit through a back-off that never happened");
        theNextRequestStarts();
    }

    private Retrier retrier(final ClientOptions.Events listener) {
        return new Retrier(Retrier.Policy.withMaxRetries(3), true, noWaits, account, new Sleeper.Stop(), listener);
    }

    private AccountRateLimit.Ticket ticket() {
        return account.newRun(1, new AtomicInteger()).ticket();
    }

    /** With one request in flight allowed, a leaked permit would keep this waiting until the test times out. */
    private void theNextRequestStarts() throws Exception {
        account.acquire(ticket(), noWaits, new Sleeper.Stop(), "Page 1 of the next query", null).answered(RateLimitHeaders.NONE);
        assertEquals(0, account.inFlight());
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T throwUndeclared(final Throwable e) throws E {
        throw (E) e;
    }
}
