package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.ConnectionSettings;
import io.github.nifisaleshandy.client.HttpSettings;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.RecordConverter;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.SaleshandyAccount;
import io.github.nifisaleshandy.client.SaleshandyClient;
import io.github.nifisaleshandy.client.SaleshandyConnection;
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
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * The processor's own path from the API to output, without a NiFi session: an account as its connection service opens
 * it (the OkHttp client and the account's rate limit), a connection of the processor's own to it with its retrying
 * fetcher and its page request threads, the pager with the processor's adaptive concurrency (the ceiling is Concurrent
 * Requests) and a page writer, writing to nowhere. This is what the processor does per run, minus NiFi's content
 * repository.
 */
final class Pipeline<R> implements AutoCloseable {

    private static final String KEY = "benchmark-key";

    private final SaleshandyAccount account;
    private final SaleshandyConnection connection;
    private final PageFetcher<R> fetcher;
    private final PageWriter<? super R> writer;

    /**
     * {@code concurrency} is both the connection's Concurrent Requests and the account's Max Requests In Flight, so that
     * the account's limit never stands below the run's, as before the account was shared.
     */
    private Pipeline(final String baseUrl, final int concurrency, final int maxRetries, final PageWriter<? super R> writer,
                     final Function<SaleshandyConnection, SaleshandyClient<R>> clients) {
        this.account = new SaleshandyAccount(new ConnectionSettings(HttpUrl.get(baseUrl), KEY,
                HttpSettings.direct(Duration.ofSeconds(10), Duration.ofSeconds(60), concurrency), RetryPolicy.withMaxRetries(maxRetries),
                concurrency, Clock.systemUTC(), Sleeper.SYSTEM));
        this.connection = account.connect("Benchmark", concurrency);
        this.fetcher = clients.apply(connection).retrying(connection.retrier((failure, retry, wait) -> { }));
        this.writer = writer;
    }

    /** Pages passed on as sent, as the processor does for As Returned without a Record Writer. */
    static Pipeline<Void> verbatim(final String baseUrl, final int concurrency, final PageWriter<Object> writer) {
        return verbatim(baseUrl, concurrency, 0, writer);
    }

    /** As {@link #verbatim(String, int, PageWriter)}, retrying each page up to {@code maxRetries} times (Max Retries). */
    static Pipeline<Void> verbatim(final String baseUrl, final int concurrency, final int maxRetries, final PageWriter<Object> writer) {
        return new Pipeline<>(baseUrl, concurrency, maxRetries, writer, connection -> connection.verbatimStatsClient(new JsonFactory()));
    }

    /** Records converted while each page is parsed, as the processor does for converted formats. */
    static <R> Pipeline<R> converting(final String baseUrl, final int concurrency, final RecordConverter<R> converter,
                                      final PageWriter<? super R> writer) {
        return new Pipeline<>(baseUrl, concurrency, 0, writer, connection -> connection.statsClient(new JsonFactory(), converter));
    }

    /** Fetches every page of one query and writes it; returns the number of records. */
    long run(final int pageSize) throws Exception {
        final StatsRequest first = new StatsRequest(List.of("bench"), LocalDate.now().minusDays(7), LocalDate.now(), 1, pageSize);
        long records = 0;
        try (StatsPager<R> pager = new StatsPager<>(fetcher, first, connection.newRun(), connection.workers(), StatsPager.DEFAULT_MAX_PAGES)) {
            while (pager.hasNext()) {
                final StatsPage<R> page = pager.next();
                records += writer.write(page, OutputStream.nullOutputStream(), Map.of()).recordCount();
            }
        }
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            connection.close();
        } finally {
            account.close();
        }
    }
}
