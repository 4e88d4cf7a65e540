package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.processors.SaleshandyValidators.InvalidValueException;
import io.github.nifisaleshandy.processors.StatsQueryResolver.Query;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import java.io.OutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;

/**
 * One onTrigger of a stats processor: resolve the query, list the account's sequences when Sequence IDs is empty, write each
 * page into a FlowFile held back, commit them all or none. An incoming FlowFile (Fetch) goes to original or failure, or back
 * to its queue on a stop; without one (Get), a failure is logged and the processor yields.
 */
final class StatsRun {

    static final String PAGES_COUNTER = "Saleshandy pages fetched";
    static final String RECORDS_COUNTER = "Saleshandy records fetched";
    static final String UNPARSED_COUNTER = "Saleshandy values not converted";
    /** Every this many pages a long run says at INFO that it is alive: it emits nothing until it has finished. */
    static final int PROGRESS_EVERY = 100;
    /** The formats a file extension is given for, each found by name in the MIME type, e.g. application/json. */
    private static final List<String> FILE_FORMATS = List.of("json", "csv", "avro", "parquet", "xml");

    /** The IDs an empty Sequence IDs stands for, as one listing found them. */
    record AccountSequences(List<String> ids, long listed, int pages) {

        /** E.g. "12 sequences listed on 1 page, 8 of them active". */
        String describe(final boolean activeOnly) {
            return listed + " sequences listed on " + pages + (pages == 1 ? " page" : " pages")
                    + (activeOnly ? ", " + ids.size() + " of them active" : "");
        }
    }

    private final SaleshandyClient client;
    private final ProcessContext context;
    private final ProcessSession session;
    private final FlowFile input;
    private final RecordWriting writing;
    /** Masks the key in what is logged, and in the error message an incoming FlowFile carries to failure. */
    private final MaskingComponentLog logger;

    StatsRun(final SaleshandyClient client, final ProcessContext context, final ProcessSession session, final FlowFile input,
             final RecordWriting writing, final MaskingComponentLog logger) {
        this.client = client;
        this.context = context;
        this.session = session;
        this.input = input;
        this.writing = writing;
        this.logger = logger;
    }

    /** Every sequence of the account, or only the active ones, through one listing; the first page that still fails ends it. */
    static AccountSequences listSequences(final SaleshandyClient client, final boolean activeOnly) throws SaleshandyApiException {
        final List<String> ids = new ArrayList<>();
        long listed = 0;
        int pages = 0;
        try (Pages<SequencesPage> listing = client.sequences(SequencesQuery.everySequence())) {
            while (listing.hasNext()) {
                pages++;
                for (final Sequence sequence : listing.next().sequences()) {
                    listed++;
                    if (sequence.active() || !activeOnly) {
                        ids.add(sequence.id());
                    }
                }
            }
        }
        return new AccountSequences(ids, listed, pages);
    }

    /** The query when the run's FlowFiles were transferred; empty when it failed (and was handled), stopped or had nothing to fetch. */
    Optional<Query> run(final PropertyDescriptor sequenceIdsProperty, final LocalDate today, final Map<String, String> storedState) {
        final Query query;
        try {
            query = StatsQueryResolver.resolve(context, sequenceIdsProperty, input == null ? Map.of() : input.getAttributes(), today, storedState,
                    client.statsUrl());
        } catch (final InvalidValueException e) {
            fail(SaleshandyAttributes.INVALID_CONFIGURATION, e.getMessage(), null);
            return Optional.empty();
        }
        query.warnings().forEach(warning -> logger.warn("{}", warning));
        final Optional<List<String>> ids = query.everySequence() ? everySequence(query.activeOnly()) : Optional.of(query.sequenceIds());
        return ids.isPresent() && fetchAndTransfer(query, ids.get()) ? Optional.of(query) : Optional.empty();
    }

    private Optional<List<String>> everySequence(final boolean activeOnly) {
        final AccountSequences sequences;
        try {
            sequences = listSequences(client, activeOnly);
        } catch (final SaleshandyApiException e) {
            endFailed(e);
            return Optional.empty();
        }
        if (sequences.ids().isEmpty()) {
            logger.info("The account has no {}sequences ({}): nothing to fetch in this run", activeOnly ? "active " : "", sequences.describe(activeOnly));
            return Optional.empty();
        }
        logger.debug("Fetching statistics of every {}sequence of the account: {}", activeOnly ? "active " : "", sequences.describe(activeOnly));
        return Optional.of(sequences.ids());
    }

    private boolean fetchAndTransfer(final Query query, final List<String> ids) {
        final long started = System.nanoTime();
        final RecordFormat format = context.getProperty(SaleshandyProperties.RECORD_FORMAT).asAllowableValue(RecordFormat.class);
        // As Returned without a Record Writer copies each page's JSON as the API sent it: nothing to convert.
        final boolean convert = writing.hasRecordWriter() || format != RecordFormat.AS_RETURNED;
        final StatsQuery statsQuery = new StatsQuery(ids, query.windows(), query.pageSize(),
                context.getProperty(SaleshandyProperties.MAX_PAGES).asInteger(), format, convert);
        final RunFlowFiles flowFiles = new RunFlowFiles(session, input);
        long records = 0;
        long unparsed = 0;
        try (Pages<StatsPage> pages = client.stats(statsQuery)) {
            while (pages.hasNext()) {
                final StatsPage page = pages.next();
                final RecordWriting.Written written = flowFiles.add((out, attributes) -> write(page, convert, out, attributes),
                        result -> attributes(ids, page, result));
                records += written.recordCount();
                unparsed += page.unparsedValues();
                logger.debug("Fetched page {} of {} to {}: {} records, {} so far in this run",
                        page.pageNumber(), page.window().start(), page.window().end(), written.recordCount(), records);
                if (flowFiles.count() % PROGRESS_EVERY == 0) {
                    logger.info("Fetched {} pages, {} records in {} s so far", flowFiles.count(), records,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                }
            }
        } catch (final SaleshandyApiException e) {
            flowFiles.discard();
            endFailed(e);
            return false;
        } catch (final ProcessException e) {
            flowFiles.discard();
            fail(SaleshandyAttributes.OUTPUT_FAILED, "Writing the records failed: " + rootMessage(e), e);
            return false;
        }
        flowFiles.commit(AbstractStatsProcessor.SUCCESS, client.statsUrl(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        session.adjustCounter(PAGES_COUNTER, flowFiles.count(), false);
        session.adjustCounter(RECORDS_COUNTER, records, false);
        if (unparsed > 0) {
            session.adjustCounter(UNPARSED_COUNTER, unparsed, false);
            logger.warn("{} values could not be converted; their columns are null and their raw text is in the unparsed_values field", unparsed);
        }
        if (input != null) {
            session.transfer(input, AbstractStatsProcessor.ORIGINAL);
        }
        return true;
    }

    private RecordWriting.Written write(final StatsPage page, final boolean convert, final OutputStream out, final Map<String, String> attributes)
            throws IOException {
        if (!convert) {
            page.writeJson(out);
            return new RecordWriting.Written(page.recordCount(), RecordWriting.JSON);
        }
        return writing.write(page.schema(), page.records(), out, attributes);
    }

    private static Map<String, String> attributes(final List<String> ids, final StatsPage page, final RecordWriting.Written written) {
        final DateWindow window = page.window();
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(CoreAttributes.MIME_TYPE.key(), written.mimeType());
        // Named after what it holds, so that PutFile or PutS3Object write self-describing files.
        attributes.put(CoreAttributes.FILENAME.key(), "saleshandy-stats_%s_%s_page-%04d%s".formatted(window.start(), window.end(),
                page.pageNumber(), extension(written.mimeType())));
        attributes.put("record.count", String.valueOf(written.recordCount()));
        if (page.unparsedValues() > 0) {
            attributes.put(SaleshandyAttributes.UNPARSED_COUNT, String.valueOf(page.unparsedValues()));
        }
        attributes.put(SaleshandyAttributes.PAGE_NUMBER, String.valueOf(page.pageNumber()));
        attributes.put(SaleshandyAttributes.SEQUENCE_IDS, String.join(",", ids));
        attributes.put(SaleshandyAttributes.START_DATE, window.start().toString());
        attributes.put(SaleshandyAttributes.END_DATE, window.end().toString());
        return attributes;
    }

    private static String extension(final String mimeType) {
        final String type = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        return FILE_FORMATS.stream().filter(type::contains).findFirst().map(format -> "." + format).orElse("");
    }

    private void endFailed(final SaleshandyApiException e) {
        if (AbstractSaleshandyProcessor.endedByStop(client, e)) {
            // A stop is the user's choice, not a failure: no error bulletin, and an incoming FlowFile goes back to its queue.
            logger.info("Stopped before the run finished; nothing of it was emitted{}", input == null ? "" : ", and its FlowFile stays queued");
            if (input != null) {
                session.rollback();
            }
            return;
        }
        fail(e.getFailure().name(), e.getMessage(), e);
        if (input != null && e.getFailure().asksToWait()) {
            // Rate limited or unavailable: the next FlowFile would only meet the same answer at once.
            context.yield();
        }
    }

    /** {@code cause} is null for a configuration problem; {@code unmaskedMessage} may quote a library that quoted the key. */
    private void fail(final String errorType, final String unmaskedMessage, final Exception cause) {
        final String message = logger.mask(unmaskedMessage);
        if (input == null) {
            logError(cause, "Fetching Saleshandy statistics failed; no FlowFile was emitted for this run: {}", message);
            context.yield();
            return;
        }
        logError(cause, "Fetching Saleshandy statistics for {} failed; routing it to failure: {}", input, message);
        final FlowFile failed = session.putAllAttributes(input,
                Map.of(SaleshandyAttributes.ERROR_MESSAGE, message, SaleshandyAttributes.ERROR_TYPE, errorType));
        session.transfer(session.penalize(failed), AbstractStatsProcessor.FAILURE);
    }

    private void logError(final Exception cause, final String format, final Object... arguments) {
        logger.error(format, cause == null ? arguments : Stream.concat(Arrays.stream(arguments), Stream.of(cause)).toArray());
    }

    private static String rootMessage(final Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
