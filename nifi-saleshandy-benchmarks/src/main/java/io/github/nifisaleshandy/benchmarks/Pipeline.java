package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.client.HttpSettings;
import io.github.nifisaleshandy.client.RecordConverter;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.Retrier;
import io.github.nifisaleshandy.client.StopSignal;
import io.github.nifisaleshandy.client.SaleshandyClient;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.output.PageWriter;
import io.github.nifisaleshandy.paging.StatsPager;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The processor's own path from the API to output, without a NiFi session: the OkHttp client, the retrying fetcher,
 * the pager with the processor's adaptive concurrency (the ceiling is Concurrent Requests) and a page writer, writing to
 * nowhere. This is what the processor does per run, minus NiFi's content repository.
 */
final class Pipeline<R> implements AutoCloseable {

    private static final String KEY = "benchmark-key";

    /** Makes the client of a pipeline's HTTP client and Base URL. */
    @FunctionalInterface
    private interface ClientFactory<R> {
        SaleshandyClient<R> create(OkHttpClient http, HttpUrl baseUrl);
    }

    private final OkHttpClient http;
    private final AccountRateLimit account;
    private final PageFetcher<R> fetcher;
    private final ExecutorService executor;
    private final int concurrency;
    private final PageWriter<? super R> writer;

    private Pipeline(final String baseUrl, final int concurrency, final int maxRetries, final PageWriter<? super R> writer,
                     final ClientFactory<R> clients) {
        this.http = HttpSettings.direct(Duration.ofSeconds(10), Duration.ofSeconds(60), concurrency).newClient();
        final SaleshandyClient<R> client = clients.create(http, HttpUrl.get(baseUrl));
        final RetryPolicy policy = RetryPolicy.withMaxRetries(maxRetries);
        this.account = new AccountRateLimit(Sleeper.SYSTEM, policy.maxRetryAfter(), concurrency);
        this.fetcher = client.retrying(new Retrier(policy, Sleeper.SYSTEM, account, new StopSignal(), (failure, retry, wait) -> { }));
        this.concurrency = concurrency;
        this.executor = concurrency > 1 ? Executors.newCachedThreadPool() : null;
        this.writer = writer;
    }

    /** Pages passed on as sent, as the processor does for As Returned without a Record Writer. */
    static Pipeline<Void> verbatim(final String baseUrl, final int concurrency, final PageWriter<Object> writer) {
        return verbatim(baseUrl, concurrency, 0, writer);
    }

    /** As {@link #verbatim(String, int, PageWriter)}, retrying each page up to {@code maxRetries} times (Max Retries). */
    static Pipeline<Void> verbatim(final String baseUrl, final int concurrency, final int maxRetries, final PageWriter<Object> writer) {
        return new Pipeline<>(baseUrl, concurrency, maxRetries, writer,
                (http, url) -> SaleshandyClient.verbatim(http, url, KEY, new JsonFactory(), Clock.systemUTC()));
    }

    /** Records converted while each page is parsed, as the processor does for converted formats. */
    static <R> Pipeline<R> converting(final String baseUrl, final int concurrency, final RecordConverter<R> converter,
                                      final PageWriter<? super R> writer) {
        return new Pipeline<>(baseUrl, concurrency, 0, writer,
                (http, url) -> new SaleshandyClient<>(http, url, KEY, new JsonFactory(), Clock.systemUTC(), converter));
    }

    /** Fetches every page of one query and writes it; returns the number of records. */
    long run(final int pageSize) throws Exception {
        final StatsRequest first = new StatsRequest(List.of("bench"), LocalDate.now().minusDays(7), LocalDate.now(), 1, pageSize);
        long records = 0;
        try (StatsPager<R> pager = new StatsPager<>(fetcher, first, account.newRun(concurrency), executor, StatsPager.DEFAULT_MAX_PAGES)) {
            while (pager.hasNext()) {
                final StatsPage<R> page = pager.next();
                records += writer.write(page, OutputStream.nullOutputStream(), Map.of()).recordCount();
            }
        }
        return records;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
