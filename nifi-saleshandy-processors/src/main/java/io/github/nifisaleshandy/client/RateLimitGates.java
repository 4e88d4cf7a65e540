package io.github.nifisaleshandy.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * One {@link AccountRateLimit} per Saleshandy account in this JVM: every connection opened with the same Base URL and API
 * key (a scheduled processor, a fetcher on the same account, a lister) waits on the same gate, so that a rate limit one
 * of them meets holds back the others too. Saleshandy counts requests per key, not per processor.
 *
 * <p>A gate is held while at least one connection holds a {@link Lease}; the last {@link Lease#close()} removes it, so
 * stopped processors leave nothing behind. The registry is keyed by the Base URL and a SHA-256 digest of the key: the
 * key itself is never held here.
 *
 * <p>A gate keeps the time base of the sleeper of the connection that created it. Every real connection uses
 * {@link Sleeper#SYSTEM}; tests that share a gate between connections give them the same sleeper.
 */
public final class RateLimitGates {

    /** The registry of this JVM, which every {@link SaleshandyConnection} uses. */
    public static final RateLimitGates SHARED = new RateLimitGates();

    /** Which account a gate belongs to: the Base URL and the hex SHA-256 digest of the key. */
    public record Account(String baseUrl, String keyDigest) {
    }

    /** A connection's hold on its account's gate; closing it lets the gate go once no other connection holds it. */
    public final class Lease implements AutoCloseable {

        private final Account account;
        private final AccountRateLimit gate;
        private boolean closed;

        private Lease(final Account account, final AccountRateLimit gate) {
            this.account = account;
            this.gate = gate;
        }

        public AccountRateLimit gate() {
            return gate;
        }

        /** Idempotent: a second close does not release another connection's hold. */
        @Override
        public void close() {
            synchronized (RateLimitGates.this) {
                if (closed) {
                    return;
                }
                closed = true;
                final Held held = gates.get(account);
                if (held != null && held.gate == gate && --held.holders == 0) {
                    gates.remove(account);
                }
            }
        }
    }

    private static final class Held {
        private final AccountRateLimit gate;
        private int holders;

        private Held(final AccountRateLimit gate) {
            this.gate = gate;
        }
    }

    /** The most requests in flight to one account, from all its processors: the highest Concurrent Requests. */
    private static final int MOST_IN_FLIGHT = 16;

    private final Map<Account, Held> gates = new HashMap<>();

    /** The gate of the account that {@code baseUrl} and {@code apiKey} name, created with {@code sleeper} if none is held yet. */
    public synchronized Lease acquire(final HttpUrl baseUrl, final String apiKey, final Sleeper sleeper, final Duration longestWait) {
        final Account account = new Account(baseUrl.toString(), sha256(apiKey));
        final Held held = gates.computeIfAbsent(account, ignored -> new Held(new AccountRateLimit(sleeper, longestWait, MOST_IN_FLIGHT)));
        held.holders++;
        return new Lease(account, held.gate);
    }

    /** The accounts that have a gate now: for tests and diagnostics. */
    public synchronized Set<Account> accounts() {
        return Set.copyOf(gates.keySet());
    }

    static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
