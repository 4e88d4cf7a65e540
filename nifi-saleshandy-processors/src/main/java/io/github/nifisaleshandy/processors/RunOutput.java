package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.output.PageWriter;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.StatsQuery;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.ProcessSession;

/**
 * The FlowFiles of one run: one per page, held back until the whole run has succeeded, then numbered as fragments,
 * reported to provenance, counted and transferred together; or dropped together when the run fails.
 */
final class RunOutput {

    static final String PAGES_COUNTER = "Saleshandy pages fetched";
    static final String RECORDS_COUNTER = "Saleshandy records fetched";
    static final String UNPARSED_COUNTER = "Saleshandy values not converted";

    /** The formats a file extension is given for, each found by name in the MIME type, e.g. application/json. */
    private static final List<String> FILE_FORMATS = List.of("json", "csv", "avro", "parquet", "xml");

    /** What a committed run emitted. */
    record Totals(int pages, long records, long unparsedValues) {
    }

    private final ProcessSession session;
    private final FlowFile input;
    private final RunFlowFiles flowFiles;
    private long records;
    private long unparsedValues;

    RunOutput(final ProcessSession session, final FlowFile input) {
        this.session = session;
        this.input = input;
        this.flowFiles = new RunFlowFiles(session);
    }

    /** Writes one page with {@code writer} into a new FlowFile; returns the records written so far in this run. */
    <R> long add(final StatsQuery query, final DateWindow window, final StatsPage<R> page, final PageWriter<? super R> writer) {
        final RunFlowFiles.Written<PageWriter.Result> written = flowFiles.write(input == null ? session.create() : session.create(input),
                (out, writerAttributes) -> writer.write(page, out, writerAttributes));
        final PageWriter.Result result = written.result();
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(CoreAttributes.MIME_TYPE.key(), result.mimeType());
        attributes.put(CoreAttributes.FILENAME.key(), fileName(window, page.pageNumber(), result.mimeType()));
        attributes.put("record.count", String.valueOf(result.recordCount()));
        if (result.unparsedValues() > 0) {
            attributes.put(SaleshandyAttributes.UNPARSED_COUNT, String.valueOf(result.unparsedValues()));
        }
        attributes.put(SaleshandyAttributes.PAGE_NUMBER, String.valueOf(page.pageNumber()));
        attributes.put(SaleshandyAttributes.SEQUENCE_IDS, String.join(",", query.sequenceIds()));
        attributes.put(SaleshandyAttributes.START_DATE, window.start().toString());
        attributes.put(SaleshandyAttributes.END_DATE, window.end().toString());
        flowFiles.add(written.flowFile(), attributes);
        records += result.recordCount();
        unparsedValues += result.unparsedValues();
        return records;
    }

    /** Numbers the FlowFiles as fragments of one run, reports them to provenance, counts them and sends them to success. */
    Totals commit(final String transitUri, final Duration elapsed) {
        flowFiles.sendNumbered(output -> {
            if (input == null) {
                session.getProvenanceReporter().receive(output, transitUri, elapsed.toMillis());
            } else {
                session.getProvenanceReporter().fetch(output, transitUri, elapsed.toMillis());
            }
            session.transfer(output, StatsRelationships.SUCCESS);
        });
        session.adjustCounter(PAGES_COUNTER, flowFiles.count(), false);
        session.adjustCounter(RECORDS_COUNTER, records, false);
        if (unparsedValues > 0) {
            session.adjustCounter(UNPARSED_COUNTER, unparsedValues, false);
        }
        return new Totals(flowFiles.count(), records, unparsedValues);
    }

    /** Drops everything written so far: a failed run emits nothing. */
    void discard() {
        flowFiles.discard();
    }

    /** Named after what it holds, so that PutFile or PutS3Object write self-describing files. */
    private static String fileName(final DateWindow window, final int pageNumber, final String mimeType) {
        return "saleshandy-stats_%s_%s_page-%04d%s".formatted(window.start(), window.end(), pageNumber, extension(mimeType));
    }

    private static String extension(final String mimeType) {
        final String type = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        for (final String format : FILE_FORMATS) {
            if (type.contains(format)) {
                return "." + format;
            }
        }
        return "";
    }
}
