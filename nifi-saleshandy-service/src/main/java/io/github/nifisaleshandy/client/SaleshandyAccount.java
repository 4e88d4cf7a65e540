package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** What every processor of one account shares (key, connection pool, retry policy, rate limit); each processor connects a {@link Client}. */
public final class SaleshandyAccount implements AutoCloseable {

    /** How long {@link Client#close()} waits for page request threads to end after cancelling them. */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Retrier.Policy retryPolicy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final long maxBodyBytes;
    private final AccountRateLimit rateLimit;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();

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

    public Client connect(final ClientOptions options) {
        final Client client = new Client(options);
        clients.add(client);
        return client;
    }

    public int openClients() {
        return clients.size();
    }

    /** Closes the pooled connections; clients still open fail their next request. */
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

    /**
     * What one processor holds open towards the account: its own calls (on the account's connection pool, through a
     * dispatcher of its own), the threads of its concurrent page requests, its retries, and the stop that ends its waits
     * and calls at once, and no other processor's. Opened in {@code @OnScheduled} (or Verify), closed in {@code @OnStopped};
     * {@link #cancel()} may be called from another thread while queries run.
     */
    public final class Client implements SaleshandyClient {

        private final ClientOptions options;
        private final OkHttpClient httpClient;
        private final SaleshandyHttp sender;
        private final Sleeper.Stop stop = new Sleeper.Stop();
        private final LiveCalls liveCalls = new LiveCalls();
        private final Retrier retrier;
        private final ExecutorService workers;
        private final AtomicInteger threadCount = new AtomicInteger();
        /** How many pages the latest stats walk to end took: the next walk expects as many (a processor's runs repeat similar sizes). */
        private final AtomicInteger pagesOfLastWalk = new AtomicInteger();

        private Client(final ClientOptions options) {
            this.options = options;
            // The account's connection pool, but a dispatcher of its own: cancelling this processor's calls leaves the others' alone.
            this.httpClient = http.newBuilder().dispatcher(new Dispatcher()).eventListenerFactory(liveCalls).build();
            this.sender = new SaleshandyHttp(httpClient, baseUrl, apiKey, jsonFactory, clock, maxBodyBytes);
            this.retrier = new Retrier(retryPolicy, options.retry(), sleeper, rateLimit, stop, options.events());
            // Cached, not fixed: requests cancelled past the end of a window may still be finishing when the next window starts.
            this.workers = options.concurrentRequests() == 1 ? null : Executors.newCachedThreadPool(runnable -> {
                final Thread thread = new Thread(runnable, options.name() + " page request " + threadCount.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public Pages<StatsPage> stats(final StatsQuery query) {
            final StatsPageParser parser = new StatsPageParser(jsonFactory, query.format(), query.convert());
            final StatsPager.Fetcher fetcher = (window, page, ticket) -> retrier.call("Page " + page, ticket,
                    () -> StatsPager.told(ticket, sender.statsPage(query.sequenceIds(), window, page, query.pageSize(), parser)));
            return new StatsPager(fetcher, query.windows(), rateLimit.newRun(options.concurrentRequests(), pagesOfLastWalk), workers,
                    query.maxPages(), options.events());
        }

        @Override
        public Pages<SequencesPage> sequences(final SequencesQuery query) {
            return new SequencesPages(query);
        }

        @Override
        public String statsUrl() {
            return sender.statsUrl().toString();
        }

        @Override
        public String sequencesUrl() {
            return sender.sequencesUrl().toString();
        }

        /** What the rate-limit headers of the latest answer said: Verify reports it. */
        public RateLimitHeaders latestRateLimit() {
            return sender.latestRateLimit();
        }

        @Override
        public void cancel() {
            stop.stop();
            httpClient.dispatcher().cancelAll();
            liveCalls.cancelAll();
        }

        @Override
        public boolean isCancelled() {
            return stop.isStopped();
        }

        @Override
        public void close() {
            // Also cancels synchronous calls, such as look-ahead requests cancelled at the end of a window but still waiting.
            cancel();
            boolean ended = true;
            if (workers != null) {
                workers.shutdownNow();
                try {
                    ended = workers.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            httpClient.dispatcher().executorService().shutdown();
            clients.remove(this);
            if (!ended) {
                throw new IllegalStateException("Page request threads did not end within " + CLOSE_TIMEOUT_SECONDS + " seconds");
            }
        }

        /**
         * The pages of {@code GET /v1/sequences} from page 1, one request at a time. The API says nothing of further pages,
         * so a page with fewer sequences than the page size is the last; a listing that is an exact multiple of the page size
         * ends with an empty page. A page that repeats the previous page's IDs stops the listing (a server ignoring
         * {@code page} would otherwise be paged for ever), and so does a full page at Max Pages, once it was read.
         */
        private final class SequencesPages extends FetchingPages<SequencesPage> {

            private final SequencesQuery query;
            private final SequencesPageParser parser = new SequencesPageParser(jsonFactory);
            private final AccountRateLimit.Run run = rateLimit.newRun(1, new AtomicInteger());
            private List<String> previousIds = List.of();
            private int pageNumber;
            private boolean ended;

            private SequencesPages(final SequencesQuery query) {
                this.query = query;
            }

            @Override
            SequencesPage fetch() throws SaleshandyApiException {
                if (ended) {
                    return null;
                }
                if (pageNumber >= query.maxPages()) {
                    throw new SaleshandyApiException(Failure.TOO_MANY_PAGES, "Paging stopped: sequences page " + pageNumber + " is full and Max Pages ("
                            + query.maxPages() + ") allows no more; more than " + (long) query.maxPages() * query.pageSize()
                            + " sequences, or a listing that does not end");
                }
                final int number = ++pageNumber;
                final SequencesPage page = retrier.call("Sequences page " + number, run.ticket(), () -> sender.sequencesPage(query, number, parser));
                final List<String> ids = page.sequences().stream().map(Sequence::id).toList();
                if (!ids.isEmpty() && ids.equals(previousIds)) {
                    throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: sequences page " + number + " repeats page "
                            + (number - 1) + " (the same " + ids.size() + " sequence IDs); Saleshandy does not seem to honour the page parameter");
                }
                previousIds = ids;
                ended = ids.size() < query.pageSize();
                return page;
            }

            @Override
            public void close() {
                ended = true;
            }
        }
    }

    /**
     * The calls of a client that have started and not yet ended, so that a stop can cancel them all: OkHttp's
     * {@code dispatcher().cancelAll()} reaches a synchronous call only until its response headers arrive, and a call
     * reading a slowly arriving body would otherwise run until Request Timeout.
     */
    private static final class LiveCalls extends EventListener implements EventListener.Factory {

        private final Set<Call> calls = ConcurrentHashMap.newKeySet();

        @Override
        public EventListener create(final Call call) {
            return this;
        }

        @Override
        public void callStart(final Call call) {
            calls.add(call);
        }

        @Override
        public void callEnd(final Call call) {
            calls.remove(call);
        }

        @Override
        public void callFailed(final Call call, final IOException failure) {
            calls.remove(call);
        }

        @Override
        public void canceled(final Call call) {
            calls.remove(call);
        }

        void cancelAll() {
            calls.forEach(Call::cancel);
        }
    }
}
