package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.HttpSettings;
import io.github.nifisaleshandy.client.RecordConverter;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.RetryingPageFetcher;
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
 * the pager and a page writer, writing to nowhere. This is what the processor does per run, minus NiFi's content
 * repository.
 */
final class Pipeline implements AutoCloseable {

    private final OkHttpClient http;
    private final SaleshandyClient client;
    private final RetryingPageFetcher fetcher;
    private final ExecutorService executor;
    private final int concurrency;
    private final PageWriter writer;

    /** With a converter, records are converted while each page is parsed, as the processor does for converted formats. */
    Pipeline(final String baseUrl, final int concurrency, final PageWriter writer, final RecordConverter converter) {
        this.http = HttpSettings.direct(Duration.ofSeconds(10), Duration.ofSeconds(60), concurrency).newClient();
        this.client = new SaleshandyClient(http, HttpUrl.get(baseUrl), "benchmark-key", new JsonFactory(), Clock.systemUTC(), converter);
        this.fetcher = new RetryingPageFetcher(client::fetchPage, RetryPolicy.withMaxRetries(0), Sleeper.SYSTEM, (r, f, n, w) -> { });
        this.concurrency = concurrency;
        this.executor = concurrency > 1 ? Executors.newCachedThreadPool() : null;
        this.writer = writer;
    }

    /** Fetches every page of one query and writes it; returns the number of records. */
    long run(final int pageSize) throws Exception {
        final StatsRequest first = new StatsRequest(List.of("bench"), LocalDate.now().minusDays(7), LocalDate.now(), 1, pageSize);
        long records = 0;
        try (StatsPager pager = new StatsPager(fetcher, first, concurrency, executor)) {
            while (pager.hasNext()) {
                final StatsPage page = pager.next();
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
