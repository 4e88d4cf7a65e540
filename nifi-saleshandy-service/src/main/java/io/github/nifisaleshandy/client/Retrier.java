package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.function.Function;

/**
 * The one retry loop of every call to Saleshandy. Each attempt first takes a permit of the account's
 * {@link AccountRateLimit} (so a retry waits its turn like a new request) and gives it back when answered. It retries
 * as the {@link RetryPolicy} allows: after a 429 met alone every request of the account pauses as the server asked; a
 * 429 met while other requests were in flight lowers the account's in-flight limit and is retried after the asked wait
 * without counting against Max Retries (at most {@link #MOST_CROWDED_RETRIES} times), since it says more about the
 * others than about this request; other transient failures back off, keeping their permit meanwhile. A wait asked for beyond the longest accepted fails
 * at once as {@link Failure#WAIT_TOO_LONG}, and so does every request of the account for that longest wait. Once the
 * {@link StopSignal} is given, waits end at once and no further attempt is made.
 */
public final class Retrier {

    /** At most this many 429s met among other requests are retried for free: each lowers the limit, so few are ever needed. */
    static final int MOST_CROWDED_RETRIES = 16;

    /** One attempt of the call. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SaleshandyApiException;
    }

    /**
     * Told before each wait, so that a user can see why a run is slow. {@code retry} counts against Max Retries, from 1;
     * 0 for a 429 met among other requests in flight, which does not count.
     */
    @FunctionalInterface
    public interface Listener {
        void retrying(SaleshandyApiException failure, int retry, Duration wait);
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final AccountRateLimit account;
    private final StopSignal stop;
    private final Listener listener;

    public Retrier(final RetryPolicy policy, final Sleeper sleeper, final AccountRateLimit account, final StopSignal stop, final Listener listener) {
        this.policy = policy;
        this.sleeper = sleeper.wakingOn(stop);
        this.account = account;
        this.stop = stop;
        this.listener = listener;
    }

    /**
     * Runs {@code attempt} with {@code ticket}'s place among the account's requests until it succeeds or may not be
     * retried; {@code label} (e.g. "Page 2") starts messages, {@code rateLimitOf} reads a result's rate-limit headers.
     */
    public <T> T call(final String label, final AccountRateLimit.Ticket ticket, final Attempt<T> attempt,
                      final Function<T, RateLimitHeaders> rateLimitOf) throws SaleshandyApiException {
        int retries = 0;
        int crowdedRetries = 0;
        SaleshandyApiException last = null;
        AccountRateLimit.Permit held = null;
        while (true) {
            final AccountRateLimit.Permit permit = acquire(label, ticket, last, held);
            held = null;
            try {
                final T result = attempt.run();
                permit.answered(rateLimitOf.apply(result));
                return result;
            } catch (final SaleshandyApiException failure) {
                last = failure;
            } catch (final Throwable unexpected) {
                // Anything else, even a checked exception a library throws undeclared, gives the permit back: the account is shared.
                permit.givingUp();
                permit.failed(RateLimitHeaders.NONE);
                throw unexpected;
            }
            if (last.getFailure() != Failure.RATE_LIMITED) {
                retries = backOffHolding(permit, label, last, retries);
                held = permit;
                continue;
            }
            final boolean crowded = permit.crowded();
            // A 429 among others without Retry-After needs no wait of its own: its next turn comes under the lowered limit.
            final Duration delay = crowded && last.getRetryAfter().isEmpty() ? Duration.ZERO : policy.delayBeforeRetry(retries + 1, last);
            final boolean tooLong = policy.tooLong(delay);
            final boolean freeRetry = !tooLong && crowded && crowdedRetries < MOST_CROWDED_RETRIES;
            final boolean retry = freeRetry || !tooLong && policy.allowsRetry(retries, last);
            if (!retry) {
                permit.givingUp();
            }
            permit.throttled(last.getRateLimit());
            if (tooLong) {
                final String message = Waits.tooLong(delay, "Retry-After", policy.maxRetryAfter());
                account.refuseFor(message);
                throw new SaleshandyApiException(Failure.WAIT_TOO_LONG, last.getMessage() + ": " + message, last.getHttpStatus(), delay);
            }
            if (freeRetry) {
                crowdedRetries++;
                listener.retrying(last, 0, delay);
                pause(label, last, delay);
                continue;
            }
            if (!retry) {
                throw retries == 0 ? last : gaveUp(last, retries);
            }
            retries++;
            listener.retrying(last, retries, delay);
            account.pauseFor(delay);
        }
    }

    /**
     * After a failure other than a 429: what the answer said counts at once, but the request keeps its permit through
     * its back-off and hands it back only when it waits for its next turn, so that while Saleshandy or the network fails,
     * a run sends no later page meanwhile. Returns the retries used, or throws (giving the permit back) when none is left.
     */
    private int backOffHolding(final AccountRateLimit.Permit permit, final String label, final SaleshandyApiException failure, final int retries)
            throws SaleshandyApiException {
        try {
            permit.heard(failure.getRateLimit());
            if (!policy.allowsRetry(retries, failure)) {
                throw retries == 0 ? failure : gaveUp(failure, retries);
            }
            final Duration delay = policy.delayBeforeRetry(retries + 1, failure);
            listener.retrying(failure, retries + 1, delay);
            pause(label, failure, delay);
            return retries + 1;
        } catch (final Throwable ended) {
            permit.givingUp();
            permit.failed(RateLimitHeaders.NONE);
            throw ended;
        }
    }

    private AccountRateLimit.Permit acquire(final String label, final AccountRateLimit.Ticket ticket, final SaleshandyApiException last,
                                            final AccountRateLimit.Permit held) throws SaleshandyApiException {
        try {
            return account.acquire(ticket, sleeper, stop, label, held);
        } catch (final InterruptedException e) {
            throw interrupted(label, last, e);
        } catch (final SaleshandyApiException refused) {
            if (refused.getFailure() == Failure.INTERRUPTED && last != null) {
                throw new SaleshandyApiException(Failure.INTERRUPTED, refused.getMessage() + "; not retrying: " + last.getMessage());
            }
            throw refused;
        }
    }

    private void pause(final String label, final SaleshandyApiException last, final Duration delay) throws SaleshandyApiException {
        try {
            sleeper.sleep(delay);
        } catch (final InterruptedException e) {
            throw interrupted(label, last, e);
        }
    }

    private static SaleshandyApiException interrupted(final String label, final SaleshandyApiException last, final InterruptedException e) {
        Thread.currentThread().interrupt();
        return new SaleshandyApiException(Failure.INTERRUPTED,
                label + ": interrupted" + (last == null ? "" : " while waiting to retry: " + last.getMessage()), e);
    }

    private static SaleshandyApiException gaveUp(final SaleshandyApiException last, final int retries) {
        final String message = last.getMessage() + " (still failing after " + retries + (retries == 1 ? " retry)" : " retries)");
        return new SaleshandyApiException(last.getFailure(), message, last.getHttpStatus(), last.getRetryAfter().orElse(null));
    }
}
