package io.github.nifisaleshandy.client;

import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The one retry loop of every call to Saleshandy: each attempt takes a permit of the account's {@link AccountRateLimit}, as a new request does. */
public final class Retrier {

    /** Each lowers the limit, so few free retries of 429s met among other requests are ever needed. */
    static final int MOST_CROWDED_RETRIES = 16;

    @FunctionalInterface
    public interface Attempt<T> {
        SaleshandyHttp.Answer<T> run() throws SaleshandyApiException;
    }

    private final Policy policy;
    private final boolean retrying;
    private final Sleeper sleeper;
    private final AccountRateLimit account;
    private final Sleeper.Stop stop;
    private final ClientOptions.Events listener;

    /** {@code retrying} false: nothing is retried, not even a 429 met among other requests (what Verify needs). */
    public Retrier(final Policy policy, final boolean retrying, final Sleeper sleeper, final AccountRateLimit account, final Sleeper.Stop stop,
                   final ClientOptions.Events listener) {
        this.policy = retrying ? policy : new Policy(0, policy.initialBackoff, policy.maxBackoff, policy.maxRetryAfter);
        this.retrying = retrying;
        this.sleeper = sleeper.wakingOn(stop);
        this.account = account;
        this.stop = stop;
        this.listener = listener;
    }

    /**
     * Runs {@code attempt} in {@code ticket}'s place until it succeeds or may not be retried; {@code label} starts messages. A 429
     * met alone pauses the account as asked; one met among others lowers the in-flight limit and is retried without counting.
     */
    public <T> T call(final String label, final AccountRateLimit.Ticket ticket, final Attempt<T> attempt) throws SaleshandyApiException {
        int retries = 0;
        int crowdedRetries = 0;
        SaleshandyApiException last = null;
        AccountRateLimit.Permit held = null;
        while (true) {
            final AccountRateLimit.Permit permit = acquire(label, ticket, last, held);
            held = null;
            try {
                final SaleshandyHttp.Answer<T> answer = attempt.run();
                permit.answered(answer.rateLimit());
                return answer.value();
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
            final boolean freeRetry = retrying && !tooLong && crowded && crowdedRetries < MOST_CROWDED_RETRIES;
            final boolean retry = freeRetry || !tooLong && policy.allowsRetry(retries, last);
            if (!retry) {
                permit.givingUp();
            }
            permit.throttled(SaleshandyHttp.rateLimitOf(last));
            if (tooLong) {
                final String message = tooLong(delay, SaleshandyHttp.rateLimitOf(last), policy.maxRetryAfter());
                account.refuseFor(message);
                throw new SaleshandyApiException(Failure.WAIT_TOO_LONG, last.getMessage() + ": " + message, last.getHttpStatus(), delay, null);
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
     * After a failure other than a 429 the request keeps its permit through its back-off, so that a run sends no later page
     * while Saleshandy or the network fails. Returns the retries used, or throws (giving the permit back) when none is left.
     */
    private int backOffHolding(final AccountRateLimit.Permit permit, final String label, final SaleshandyApiException failure, final int retries)
            throws SaleshandyApiException {
        try {
            permit.heard(SaleshandyHttp.rateLimitOf(failure));
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
        return new SaleshandyApiException(last.getFailure(), message, last.getHttpStatus(), last.getRetryAfter().orElse(null), null);
    }

    /** Quotes what Saleshandy sent in {@code headers}, and says how far this host's clock is off when that is notable. */
    static String tooLong(final Duration asked, final RateLimitHeaders headers, final Duration longest) {
        final String sent = headers.sent().isEmpty() ? RateLimitHeaders.RETRY_AFTER_HEADER : headers.sent();
        return "Saleshandy asks to wait " + describe(asked) + " (" + sent + "), longer than the longest wait of " + describe(longest)
                + headers.clockDifference().map(difference -> "; " + difference).orElse("") + "; not retrying";
    }

    /** "3 days", "31 years", "90 seconds": rounded down to its largest whole unit. */
    static String describe(final Duration wait) {
        final long seconds = wait.getSeconds();
        final long hour = 3_600;
        final long day = 24 * hour;
        final long year = 365 * day;
        return seconds >= 2 * year ? seconds / year + " years"
                : seconds >= 2 * day ? seconds / day + " days"
                : seconds >= 2 * hour ? seconds / hour + " hours"
                : seconds >= 600 ? seconds / 60 + " minutes"
                : seconds == 1 ? "1 second" : seconds + " seconds";
    }

    /** A {@code Retry-After} header: a number of seconds or an HTTP date (RFC 9110, section 10.2.3). */
    public static Optional<Duration> retryAfter(final String headerValue, final Clock clock) {
        if (headerValue == null || headerValue.isBlank()) {
            return Optional.empty();
        }
        final String value = headerValue.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (final NumberFormatException tooLarge) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        return RateLimitHeaders.httpDate(value).map(retryAt -> Duration.between(clock.instant(), retryAt))
                .map(untilThen -> untilThen.isNegative() ? Duration.ZERO : untilThen);
    }

    /**
     * Exponential back-off for transient failures, capped at {@code maxBackoff}; the server's {@code Retry-After} for rate
     * limits, not waited out at all beyond {@code maxRetryAfter}, so that a run cannot hang on one page for long.
     */
    public record Policy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

        public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
        /** When a 429 arrives without a usable Retry-After. */
        public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(5);

        public static Policy withMaxRetries(final int maxRetries) {
            return new Policy(maxRetries, Duration.ofSeconds(1), Duration.ofSeconds(30), DEFAULT_MAX_RETRY_AFTER);
        }

        /** Before retry number {@code retry} (from 1); for a rate limit what the server asked, which may exceed {@link #maxRetryAfter()}. */
        public Duration delayBeforeRetry(final int retry, final SaleshandyApiException failure) {
            if (failure.getFailure() == Failure.RATE_LIMITED) {
                return failure.getRetryAfter().orElse(DEFAULT_RATE_LIMIT_WAIT);
            }
            final Duration backoff = initialBackoff.multipliedBy(1L << Math.min(retry - 1, 20));
            return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
        }

        public boolean tooLong(final Duration wait) {
            return wait.compareTo(maxRetryAfter) > 0;
        }

        public boolean allowsRetry(final int retriesSoFar, final SaleshandyApiException failure) {
            return failure.getFailure().isRetryable() && retriesSoFar < maxRetries;
        }
    }
}
