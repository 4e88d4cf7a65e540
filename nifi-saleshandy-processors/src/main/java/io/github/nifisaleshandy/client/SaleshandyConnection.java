package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Everything a processor holds open towards one Saleshandy account, with one owner: the HTTP client, the threads that
 * run concurrent page requests, the hold on the rate-limit gate every request of the account waits on (shared through {@link RateLimitGates}), and the stop signal that
 * ends waits and calls at once. Opened in one place (a processor's {@code @OnScheduled}, or Verify) and closed in one
 * place; {@link #cancel()} may be called from another thread while requests run.
 */
public final class SaleshandyConnection implements AutoCloseable {

    /** How long {@link #close()} waits for page request threads to end after cancelling them. */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retryPolicy;
    private final int concurrency;
    private final ExecutorService workers;
    private final RateLimitGates.Lease gate;
    private final StopSignal stop = new StopSignal();
    private final LiveCalls liveCalls = new LiveCalls();

    private SaleshandyConnection(final ConnectionSettings settings, final String threadNamePrefix) {
        this.http = settings.http().newClient().newBuilder().eventListenerFactory(liveCalls).build();
        this.baseUrl = settings.baseUrl();
        this.apiKey = settings.apiKey();
        this.clock = settings.clock();
        this.sleeper = settings.sleeper();
        this.retryPolicy = settings.retryPolicy();
        this.concurrency = settings.concurrency();
        // Cached, not fixed: requests cancelled past the end of a window may still be finishing when the next window starts.
        this.workers = concurrency == 1 ? null : Executors.newCachedThreadPool(threads(threadNamePrefix));
        // Shared with every other connection to the same account in this JVM: Saleshandy limits the key, not the processor.
        this.gate = RateLimitGates.SHARED.acquire(baseUrl, apiKey, sleeper, retryPolicy.maxRetryAfter());
    }

    /** Opens a connection; {@code threadNamePrefix} names its page request threads, e.g. after the processor. */
    public static SaleshandyConnection open(final ConnectionSettings settings, final String threadNamePrefix) {
        return new SaleshandyConnection(settings, threadNamePrefix);
    }

    /** A client of the stats endpoint that converts each record with {@code converter} while its page is parsed. */
    public <R> SaleshandyClient<R> statsClient(final JsonFactory jsonFactory, final RecordConverter<R> converter) {
        return new SaleshandyClient<>(http, baseUrl, apiKey, jsonFactory, clock, converter);
    }

    /** A client of the stats endpoint whose pages keep their records as sent, unconverted. */
    public SaleshandyClient<Void> verbatimStatsClient(final JsonFactory jsonFactory) {
        return SaleshandyClient.verbatim(http, baseUrl, apiKey, jsonFactory, clock);
    }

    /** The retry loop of this connection's calls: its retries, its account's rate limit and its stop signal; {@code listener} hears of each retry. */
    public Retrier retrier(final Retrier.Listener listener) {
        return new Retrier(retryPolicy, sleeper, gate.gate(), stop, listener);
    }

    /** A run of requests with up to this connection's concurrency in flight, ramping up from one. */
    public AccountRateLimit.Run newRun() {
        return gate.gate().newRun(concurrency);
    }

    /** A run of one request at a time, such as a listing. */
    public AccountRateLimit.Run serialRun() {
        return gate.gate().fixedRun(1);
    }

    /** A client of the sequences endpoint. */
    public SequencesClient sequencesClient(final JsonFactory jsonFactory) {
        return new SequencesClient(http, baseUrl, apiKey, jsonFactory, clock);
    }

    /** How many page requests may be in flight at once. */
    public int concurrency() {
        return concurrency;
    }

    /** The threads that run look-ahead page requests; null when requests are sequential, on the caller's thread. */
    public ExecutorService workers() {
        return workers;
    }

    /** Ends waits at once and cancels every call in flight; later requests fail as {@link Failure#INTERRUPTED}. */
    public void cancel() {
        stop.stop();
        http.dispatcher().cancelAll();
        liveCalls.cancelAll();
    }

    /** Whether {@link #cancel()} was called: a run that failed as INTERRUPTED then ended because of a stop. */
    public boolean isCancelled() {
        return stop.isStopped();
    }

    /** Cancels what still runs, ends the page request threads and closes every connection. */
    @Override
    public void close() throws InterruptedException {
        // Also cancels synchronous calls, such as look-ahead requests cancelled at the end of a window but still waiting.
        http.dispatcher().cancelAll();
        liveCalls.cancelAll();
        boolean ended = true;
        if (workers != null) {
            workers.shutdownNow();
            ended = workers.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        gate.close();
        if (!ended) {
            throw new IllegalStateException("Page request threads did not end within " + CLOSE_TIMEOUT_SECONDS + " seconds");
        }
    }

    /** For tests that check nothing is left behind after {@link #close()}. */
    OkHttpClient httpClient() {
        return http;
    }

    private static ThreadFactory threads(final String prefix) {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, prefix + " page request " + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
