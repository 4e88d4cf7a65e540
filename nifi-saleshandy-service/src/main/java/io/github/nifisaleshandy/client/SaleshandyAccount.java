package io.github.nifisaleshandy.client;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What every processor of one Saleshandy account shares, with one owner (a connection service, from enabled to
 * disabled): the key, the HTTP client with its connection pool, the retry policy and the account's one
 * {@link AccountRateLimit}. Each processor {@link #connect connects} on its own, and a connection's stop and calls are
 * its own.
 */
public final class SaleshandyAccount implements AutoCloseable {

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retryPolicy;
    private final AccountRateLimit rateLimit;
    private final Set<SaleshandyConnection> connections = ConcurrentHashMap.newKeySet();

    public SaleshandyAccount(final ConnectionSettings settings) {
        this.http = settings.http().newClient();
        this.baseUrl = settings.baseUrl();
        this.apiKey = settings.apiKey();
        this.clock = settings.clock();
        this.sleeper = settings.sleeper();
        this.retryPolicy = settings.retryPolicy();
        this.rateLimit = new AccountRateLimit(sleeper, retryPolicy.maxRetryAfter(), settings.maxInFlight());
    }

    /** A connection of its own for one processor: up to {@code concurrency} requests in flight; {@code owner} names its threads. */
    public SaleshandyConnection connect(final String owner, final int concurrency) {
        final SaleshandyConnection connection = new SaleshandyConnection(this, owner, concurrency);
        connections.add(connection);
        return connection;
    }

    /** How many connections of processors are open now: each processor holds one while scheduled. */
    public int openConnections() {
        return connections.size();
    }

    void closed(final SaleshandyConnection connection) {
        connections.remove(connection);
    }

    /** The rate limit every connection of this account shares. */
    public AccountRateLimit rateLimit() {
        return rateLimit;
    }

    /** The Base URL, safe to show: it never carries the key. */
    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** Masks this account's key in any text, in every form a server or library may echo it. */
    public SecretMask secretMask() {
        return new SecretMask(apiKey);
    }

    OkHttpClient http() {
        return http;
    }

    String apiKey() {
        return apiKey;
    }

    Clock clock() {
        return clock;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** Closes the pooled connections; connections of processors still open fail their next request. */
    @Override
    public void close() {
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "SaleshandyAccount[" + baseUrl + ", " + rateLimit + "]";
    }
}
