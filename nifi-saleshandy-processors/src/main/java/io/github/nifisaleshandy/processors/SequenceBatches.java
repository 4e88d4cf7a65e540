package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Sequence;
import io.github.nifisaleshandy.output.SequenceBatchWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;

/**
 * The FlowFiles of one listing: sequences are gathered into batches of Batch Size, each batch written to a FlowFile
 * as soon as it is full (so only one batch is held in memory), and all of them held back until the listing has ended;
 * then numbered as fragments, reported to provenance and transferred together, or dropped together when it failed.
 */
final class SequenceBatches {

    static final String SEQUENCE_COUNT = "saleshandy.sequence.count";
    static final String SEQUENCES_COUNTER = "Saleshandy sequences listed";

    private final ProcessSession session;
    private final SequenceBatchWriter writer;
    private final int batchSize;
    private final List<Sequence> batch = new ArrayList<>();
    private final RunFlowFiles flowFiles;
    private long sequences;

    SequenceBatches(final ProcessSession session, final SequenceBatchWriter writer, final int batchSize) {
        this.session = session;
        this.writer = writer;
        this.batchSize = batchSize;
        this.flowFiles = new RunFlowFiles(session);
    }

    void add(final Sequence sequence) {
        batch.add(sequence);
        if (batch.size() == batchSize) {
            writeBatch();
        }
    }

    /** Writes what is left, numbers the FlowFiles as fragments of one run, reports them and sends them to {@code success}. */
    int commit(final Relationship success, final String transitUri, final long millis) {
        if (!batch.isEmpty()) {
            writeBatch();
        }
        flowFiles.sendNumbered(output -> {
            session.getProvenanceReporter().receive(output, transitUri, millis);
            session.transfer(output, success);
        });
        session.adjustCounter(SEQUENCES_COUNTER, sequences, false);
        return flowFiles.count();
    }

    /** Drops everything written so far: a failed listing emits nothing. */
    void discard() {
        flowFiles.discard();
        batch.clear();
    }

    private void writeBatch() {
        final RunFlowFiles.Written<SequenceBatchWriter.Result> written = flowFiles.write(session.create(),
                (out, writerAttributes) -> writer.write(batch, out, writerAttributes));
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(CoreAttributes.MIME_TYPE.key(), written.result().mimeType());
        attributes.put("record.count", String.valueOf(written.result().recordCount()));
        attributes.put(SEQUENCE_COUNT, String.valueOf(batch.size()));
        attributes.put(SaleshandyAttributes.SEQUENCE_IDS, String.join(",", batch.stream().map(Sequence::id).toList()));
        flowFiles.add(written.flowFile(), attributes);
        sequences += batch.size();
        batch.clear();
    }
}
