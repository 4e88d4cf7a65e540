package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.SequenceLister;
import io.github.nifisaleshandy.client.SequencesClient;
import io.github.nifisaleshandy.client.SequencesRequest;
import io.github.nifisaleshandy.output.SequenceBatchWriter;
import io.github.nifisaleshandy.output.SequenceJsonWriter;
import io.github.nifisaleshandy.output.SequenceRecordSetWriter;
import java.time.Clock;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.serialization.RecordSetWriterFactory;

/**
 * What ListSaleshandySequences holds from {@code @OnScheduled} to {@code @OnStopped}: the connection to Saleshandy, the
 * lister with its retries, the request its properties describe and the batch writer. {@link #listInto} is one run.
 */
final class SequenceListRunner implements ConnectedRunner {

    private final SaleshandyConnection connection;
    private final String sequencesUrl;
    private final SequenceLister lister;
    private final SequencesRequest request;
    private final boolean activeOnly;
    private final int batchSize;
    private final SequenceBatchWriter writer;

    private SequenceListRunner(final PropertyContext context, final SaleshandyConnection connection, final ComponentLog logger) {
        final JsonFactory jsonFactory = new JsonFactory();
        this.request = request(context);
        this.activeOnly = context.getProperty(SaleshandyProperties.ACTIVE_ONLY).asBoolean();
        this.batchSize = context.getProperty(SaleshandyProperties.BATCH_SIZE).asInteger();
        final RecordSetWriterFactory writerFactory = context.getProperty(SaleshandyProperties.SEQUENCE_RECORD_WRITER)
                .asControllerService(RecordSetWriterFactory.class);
        this.writer = writerFactory == null ? new SequenceJsonWriter(jsonFactory) : new SequenceRecordSetWriter(writerFactory, logger);
        this.connection = connection;
        final SequencesClient client = connection.sequencesClient(jsonFactory);
        this.sequencesUrl = client.sequencesUrl();
        this.lister = new SequenceLister(client.retrying(connection.retrier(new RetryLog(logger)), connection.serialRun()),
                context.getProperty(SaleshandyProperties.SEQUENCE_MAX_PAGES).asInteger());
    }

    static SequenceListRunner open(final PropertyContext context, final Clock clock, final ComponentLog logger, final String owner) {
        final SaleshandyConnection connection = Connections.open(context, owner, 1);
        return ConnectedRunner.closingOnFailure(connection, () -> new SequenceListRunner(context, connection, logger));
    }

    /** The request the properties describe: name and client filters on {@link SequencesRequest#everySequence()}. */
    static SequencesRequest request(final PropertyContext context) {
        return SequencesRequest.everySequence()
                .withSequenceName(context.getProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER).evaluateAttributeExpressions().getValue())
                .withClientIds(ClientIds.parse(context.getProperty(SaleshandyProperties.CLIENT_IDS).evaluateAttributeExpressions().getValue()));
    }

    SequenceBatches newBatches(final ProcessSession session) {
        return new SequenceBatches(session, writer, batchSize);
    }

    /** Lists every page into {@code batches}, leaving out inactive sequences when Active Only is set. */
    SequenceLister.Listing listInto(final SequenceBatches batches) throws SaleshandyApiException {
        return lister.list(request, activeOnly, batches::add);
    }

    /** The endpoint, for provenance: it never carries the key. */
    String sequencesUrl() {
        return sequencesUrl;
    }

    @Override
    public SaleshandyConnection connection() {
        return connection;
    }
}
