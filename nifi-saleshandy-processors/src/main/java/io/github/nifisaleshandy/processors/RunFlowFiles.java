package io.github.nifisaleshandy.processors;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.FragmentAttributes;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;

/**
 * The FlowFiles of one all-or-nothing run, written one at a time and held back: at the end numbered as fragments of the
 * run, reported to provenance and transferred together, or all dropped. With an incoming FlowFile they are its children
 * and provenance gets a FETCH; without one, a RECEIVE.
 */
final class RunFlowFiles {

    /** Writes a FlowFile's content, given the attributes the FlowFile has when its writing starts. */
    @FunctionalInterface
    interface ContentWriter<T> {
        T write(OutputStream out, Map<String, String> attributes) throws IOException;
    }

    private final ProcessSession session;
    private final FlowFile parent;
    private final List<FlowFile> flowFiles = new ArrayList<>();

    RunFlowFiles(final ProcessSession session, final FlowFile parent) {
        this.session = session;
        this.parent = parent;
    }

    /** Writes and holds back a new FlowFile, with the attributes derived from what {@code writer} answered. */
    <T> T add(final ContentWriter<T> writer, final Function<T, Map<String, String>> attributes) {
        final FlowFile created = parent == null ? session.create() : session.create(parent);
        final Map<String, String> writerAttributes = created.getAttributes();
        final List<T> written = new ArrayList<>(1);
        final FlowFile flowFile;
        try {
            flowFile = session.write(created, out -> written.add(writer.write(out, writerAttributes)));
        } catch (final RuntimeException writeFailed) {
            // Not yet among this run's FlowFiles: without this, the session could not be committed to route the failure.
            session.remove(created);
            throw writeFailed;
        }
        final T result = written.getFirst();
        flowFiles.add(session.putAllAttributes(flowFile, attributes.apply(result)));
        return result;
    }

    int count() {
        return flowFiles.size();
    }

    /** Numbers the FlowFiles as fragments of one run, reports them and sends them to {@code success}. */
    void commit(final Relationship success, final String transitUri, final long millis) {
        final String runId = UUID.randomUUID().toString();
        final String count = String.valueOf(flowFiles.size());
        for (int index = 0; index < flowFiles.size(); index++) {
            final FlowFile output = session.putAllAttributes(flowFiles.get(index), Map.of(
                    FragmentAttributes.FRAGMENT_ID.key(), runId,
                    FragmentAttributes.FRAGMENT_INDEX.key(), String.valueOf(index),
                    FragmentAttributes.FRAGMENT_COUNT.key(), count));
            if (parent == null) {
                session.getProvenanceReporter().receive(output, transitUri, millis);
            } else {
                session.getProvenanceReporter().fetch(output, transitUri, millis);
            }
            session.transfer(output, success);
        }
    }

    /** Drops every FlowFile written so far: a failed run emits nothing. */
    void discard() {
        session.remove(flowFiles);
        flowFiles.clear();
    }
}
