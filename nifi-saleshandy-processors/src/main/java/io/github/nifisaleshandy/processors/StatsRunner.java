package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.RetryingPageFetcher;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyClient;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.output.PageWriter;
import io.github.nifisaleshandy.output.RecordJsonPageWriter;
import io.github.nifisaleshandy.output.RecordSetPageWriter;
import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.paging.StatsPager;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.StatsQuery;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.record.StatsRecordReader;
import java.time.Clock;
import java.time.Duration;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriterFactory;

/**
 * What a stats processor holds from {@code @OnScheduled} to {@code @OnStopped}: the connection to Saleshandy,
 * the retrying page fetcher and the page writer. {@link #fetchInto} is one run: every page of every date window of a
 * query, in order, into a {@link RunOutput} that the caller commits or discards as a whole. Concurrent runs are safe:
 * each has its own pager, output and progress; what they share is immutable or thread-safe (the connection's threads and gate).
 */
final class StatsRunner implements AutoCloseable {

    private final SaleshandyConnection connection;
    private final String statsUrl;
    private final RetryingPageFetcher fetcher;
    private final PageWriter pageWriter;
    private final int maxPages;
    private final ComponentLog logger;

    private StatsRunner(final PropertyContext context, final Clock clock, final Sleeper sleeper, final ComponentLog logger, final String owner) {
        final JsonFactory jsonFactory = new JsonFactory();
        final RecordFormat format = context.getProperty(SaleshandyProperties.RECORD_FORMAT).asAllowableValue(RecordFormat.class);
        final StatsRecordReader reader = new StatsRecordReader(jsonFactory, format);
        this.pageWriter = pageWriter(context, jsonFactory, reader, logger);
        this.maxPages = context.getProperty(SaleshandyProperties.MAX_PAGES).asInteger();
        this.logger = logger;
        this.connection = SaleshandyConnection.open(ConnectionSettingsFactory.from(context, clock, sleeper), owner);
        // As Returned pages are passed on verbatim; other formats are converted while each page is parsed, on its worker.
        final SaleshandyClient client = connection.statsClient(jsonFactory, format == RecordFormat.AS_RETURNED ? null : reader);
        this.statsUrl = client.statsUrl();
        this.fetcher = connection.retrying(client::fetchPage, this::logRetry);
    }

    /** Opens the connection that the processor's properties describe; {@code owner} names its threads. */
    static StatsRunner open(final PropertyContext context, final Clock clock, final Sleeper sleeper, final ComponentLog logger, final String owner) {
        return new StatsRunner(context, clock, sleeper, logger, owner);
    }

    PageWriter pageWriter() {
        return pageWriter;
    }

    /** The endpoint, for provenance: it never carries the key. */
    String statsUrl() {
        return statsUrl;
    }

    /** Fetches every page of every window of {@code query} into {@code output}; the first page that still fails ends the run. */
    void fetchInto(final StatsQuery query, final RunOutput output, final RunProgress progress) throws SaleshandyApiException {
        for (final DateWindow window : query.windows()) {
            try (StatsPager pager = new StatsPager(fetcher, query.firstRequest(window), connection.concurrency(), connection.workers(), maxPages)) {
                while (pager.hasNext()) {
                    final StatsPage page = pager.next();
                    final long recordsSoFar = output.add(query, window, page);
                    logger.debug("Fetched page {} of {} to {}: {} records, {} so far in this run",
                            page.pageNumber(), window.start(), window.end(), page.recordCount(), recordsSoFar);
                    progress.pageWritten(recordsSoFar);
                }
                if (pager.emptyPages().any()) {
                    logger.warn("Saleshandy sent empty pages in the middle of {} to {}: {}", window.start(), window.end(), pager.emptyPages().describe());
                }
            }
        }
    }

    /** Ends waits and cancels calls at once; safe from another thread while {@link #fetchInto} runs. */
    void cancel() {
        connection.cancel();
    }

    /** Whether the run ended because of {@link #cancel()}, not because Saleshandy failed. */
    boolean isCancelled() {
        return connection.isCancelled();
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }

    private static PageWriter pageWriter(final PropertyContext context, final JsonFactory jsonFactory, final StatsRecordReader reader,
                                         final ComponentLog logger) {
        final RecordSetWriterFactory writerFactory = context.getProperty(SaleshandyProperties.RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        if (writerFactory != null) {
            return new RecordSetPageWriter(writerFactory, reader, logger);
        }
        return reader.format() == RecordFormat.AS_RETURNED ? new VerbatimJsonPageWriter() : new RecordJsonPageWriter(jsonFactory, reader);
    }

    private void logRetry(final StatsRequest request, final SaleshandyApiException failure, final int retry, final Duration wait) {
        logger.warn("{}; retry {} in {} ms", failure.getMessage(), retry, wait.toMillis());
    }
}
