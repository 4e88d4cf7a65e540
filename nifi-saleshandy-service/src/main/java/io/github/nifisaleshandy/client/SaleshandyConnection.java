package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What one processor holds open towards its {@link SaleshandyAccount}, with one owner: its own calls (on the account's
 * connection pool, through a dispatcher of its own), the threads that run its concurrent page requests, and the stop
 * signal that ends its waits and calls at once, and no other processor's. The account's rate limit is shared. Opened in
 * one place (a processor's {@code @OnScheduled}, or Verify) and closed in one place; {@link #cancel()} may be called from
 * another thread while requests run.
 */
public final class SaleshandyConnection implements AutoCloseable {

    /** How long {@link #close()} waits for page request threads to end after cancelling them. */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final SaleshandyAccount account;
    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Clock clock;
    private final int concurrency;
    private final ExecutorService workers;
    private final StopSignal stop = new StopSignal();
    private final LiveCalls liveCalls = new LiveCalls();

    SaleshandyConnection(final SaleshandyAccount account, final String threadNamePrefix, final int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
        this.account = account;
        // The account's connection pool, but a dispatcher of its own: cancelling this processor's calls leaves the others' alone.
        this.http = account.http().newBuilder().dispatcher(new Dispatcher()).eventListenerFactory(liveCalls).build();
        this.baseUrl = account.baseUrl();
        this.apiKey = account.apiKey();
        this.clock = account.clock();
        this.concurrency = concurrency;
        // Cached, not fixed: requests cancelled past the end of a window may still be finishing when the next window starts.
        this.workers = concurrency == 1 ? null : Executors.newCachedThreadPool(threads(threadNamePrefix));
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
        return new Retrier(account.retryPolicy(), account.sleeper(), account.rateLimit(), stop, listener);
    }

    /** A run of requests with up to this connection's concurrency in flight, ramping up from one. */
    public AccountRateLimit.Run newRun() {
        return account.rateLimit().newRun(concurrency);
    }

    /** A run of one request at a time, such as a listing. */
    public AccountRateLimit.Run serialRun() {
        return account.rateLimit().fixedRun(1);
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

    /** Cancels what still runs and ends the page request threads; the account's pooled connections stay for other processors. */
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
        account.closed(this);
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
