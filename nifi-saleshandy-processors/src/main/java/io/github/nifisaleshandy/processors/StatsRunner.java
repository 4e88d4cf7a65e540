package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.PageFetcher;
import io.github.nifisaleshandy.client.Retrier;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyClient;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.SequenceLister;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.output.PageWriter;
import io.github.nifisaleshandy.output.RecordJsonPageWriter;
import io.github.nifisaleshandy.output.RecordSetPageWriter;
import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.client.AccountRateLimit;
import io.github.nifisaleshandy.paging.StatsPager;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.StatsQuery;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.record.StatsRow;
import io.github.nifisaleshandy.record.StatsRowConverter;
import java.time.Clock;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriterFactory;

/**
 * What a stats processor holds from {@code @OnScheduled} to {@code @OnStopped}: the connection to Saleshandy,
 * the retrying page fetcher, the page writer and the lister of the account's sequences. {@link #fetchInto} is one run: every page of every date window of a
 * query, in order, into a {@link RunOutput} that the caller commits or discards as a whole. Concurrent runs are safe:
 * each has its own pager, output and progress; what they share is immutable or thread-safe (the connection's threads and gate).
 */
final class StatsRunner implements ConnectedRunner {

    /** A run's page fetcher and the writer of its pages, sharing the record type that the fetcher's parser makes. */
    private record Pages<R>(String statsUrl, PageFetcher<R> fetcher, PageWriter<? super R> writer) {
    }

    private final SaleshandyConnection connection;
    private final Pages<?> pages;
    private final SequenceLister lister;
    private final int maxPages;
    private final ComponentLog logger;
    private final Retrier retrier;

    private StatsRunner(final PropertyContext context, final SaleshandyConnection connection, final ComponentLog logger) {
        this.maxPages = context.getProperty(SaleshandyProperties.MAX_PAGES).asInteger();
        this.logger = logger;
        this.connection = connection;
        this.retrier = connection.retrier(new RetryLog(logger));
        final JsonFactory jsonFactory = new JsonFactory();
        this.pages = pages(context, jsonFactory);
        this.lister = new SequenceLister(connection.sequencesClient(jsonFactory).retrying(retrier, connection.serialRun()));
    }

    /** Opens the connection that the processor's properties describe; {@code owner} names its threads. */
    static StatsRunner open(final PropertyContext context, final Clock clock, final ComponentLog logger, final String owner) {
        final SaleshandyConnection connection = Connections.open(context, owner, context.getProperty(SaleshandyProperties.CONCURRENT_REQUESTS).asInteger());
        return ConnectedRunner.closingOnFailure(connection, () -> new StatsRunner(context, connection, logger));
    }

    /** The endpoint, for provenance: it never carries the key. */
    String statsUrl() {
        return pages.statsUrl();
    }

    /** Lists every sequence of the account, with the same retries as a page of statistics; the first page that still fails ends the listing. */
    AccountSequences listSequences(final boolean activeOnly) throws SaleshandyApiException {
        return AccountSequences.list(lister, activeOnly);
    }

    /** Fetches every page of every window of {@code query} into {@code output}; the first page that still fails ends the run. */
    void fetchInto(final StatsQuery query, final RunOutput output, final RunProgress progress) throws SaleshandyApiException {
        fetchInto(pages, query, output, progress);
    }

    private <R> void fetchInto(final Pages<R> run, final StatsQuery query, final RunOutput output, final RunProgress progress)
            throws SaleshandyApiException {
        // One limit for the whole run: what the first windows learnt about the rate limit holds for the next ones.
        final AccountRateLimit.Run requests = connection.newRun();
        for (final DateWindow window : query.windows()) {
            try (StatsPager<R> pager = new StatsPager<>(run.fetcher(), query.firstRequest(window), requests, connection.workers(), maxPages)) {
                while (pager.hasNext()) {
                    final StatsPage<R> page = pager.next();
                    final long recordsSoFar = output.add(query, window, page, run.writer());
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

    @Override
    public SaleshandyConnection connection() {
        return connection;
    }

    /**
     * As Returned without a Record Writer copies each page's bytes, so its pages are parsed without conversion
     * ({@code StatsPage<Void>}). Every other output writes rows, a Record Writer even for As Returned: they are converted
     * while each page is parsed, on the thread that fetched it, and reach the writer with the page.
     */
    private Pages<?> pages(final PropertyContext context, final JsonFactory jsonFactory) {
        final RecordFormat format = context.getProperty(SaleshandyProperties.RECORD_FORMAT).asAllowableValue(RecordFormat.class);
        final RecordSetWriterFactory writerFactory = context.getProperty(SaleshandyProperties.RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        if (writerFactory == null && format == RecordFormat.AS_RETURNED) {
            return pages(connection.verbatimStatsClient(jsonFactory), new VerbatimJsonPageWriter());
        }
        final StatsRowConverter converter = new StatsRowConverter(jsonFactory, format);
        final PageWriter<StatsRow> writer = writerFactory == null
                ? new RecordJsonPageWriter(jsonFactory, converter)
                : new RecordSetPageWriter(writerFactory, converter, logger);
        return pages(connection.statsClient(jsonFactory, converter), writer);
    }

    private <R> Pages<R> pages(final SaleshandyClient<R> client, final PageWriter<? super R> writer) {
        return new Pages<>(client.statsUrl(), client.retrying(retrier), writer);
    }
}
