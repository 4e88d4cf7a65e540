package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.service.ClientOptions;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What every processor of one Saleshandy account shares, with one owner (the connection service, from enabled to
 * disabled): the key, the HTTP client with its connection pool, the retry policy and the account's one
 * {@link AccountRateLimit}. Each processor {@link #connect connects} on its own, and a client's stop and calls are its own.
 */
public final class SaleshandyAccount implements AutoCloseable {

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Retrier.Policy retryPolicy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final long maxBodyBytes;
    private final AccountRateLimit rateLimit;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final Set<AccountClient> clients = ConcurrentHashMap.newKeySet();

    /** {@code maxInFlight}: the most requests to the account in flight at once, from every client together. */
    public SaleshandyAccount(final OkHttpClient http, final HttpUrl baseUrl, final String apiKey, final Retrier.Policy retryPolicy,
                             final int maxInFlight, final Clock clock, final Sleeper sleeper) {
        this(http, baseUrl, apiKey, retryPolicy, maxInFlight, clock, sleeper, SaleshandyHttp.MAX_BODY_BYTES);
    }

    /** With another limit on the size of a page body, so that tests need not send 64 MiB. */
    SaleshandyAccount(final OkHttpClient http, final HttpUrl baseUrl, final String apiKey, final Retrier.Policy retryPolicy, final int maxInFlight,
                      final Clock clock, final Sleeper sleeper, final long maxBodyBytes) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxBodyBytes = maxBodyBytes;
        this.rateLimit = new AccountRateLimit(sleeper, retryPolicy.maxRetryAfter(), maxInFlight);
    }

    /** A client of its own for one processor. */
    public AccountClient connect(final ClientOptions options) {
        final AccountClient client = new AccountClient(this, options);
        clients.add(client);
        return client;
    }

    /** How many clients of processors are open now: each processor holds one while scheduled. */
    public int openClients() {
        return clients.size();
    }

    void closed(final AccountClient client) {
        clients.remove(client);
    }

    /** The rate limit every client of this account shares. */
    public AccountRateLimit rateLimit() {
        return rateLimit;
    }

    /** Masks this account's key in any text, in every form a server or library may echo it. */
    public SecretMask secretMask() {
        return new SecretMask(apiKey);
    }

    /** A one-request HTTP sender over {@code client}, which shares this account's connection pool. */
    SaleshandyHttp http(final OkHttpClient client) {
        return new SaleshandyHttp(client, baseUrl, apiKey, jsonFactory, clock, maxBodyBytes);
    }

    OkHttpClient httpClient() {
        return http;
    }

    JsonFactory jsonFactory() {
        return jsonFactory;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    Retrier.Policy retryPolicy() {
        return retryPolicy;
    }

    /** Closes the pooled connections; clients of processors still open fail their next request. */
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
