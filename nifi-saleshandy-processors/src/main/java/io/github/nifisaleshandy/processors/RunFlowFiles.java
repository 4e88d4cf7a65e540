package io.github.nifisaleshandy.processors;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.FragmentAttributes;
import org.apache.nifi.processor.ProcessSession;

/**
 * The FlowFiles of one all-or-nothing run, written one at a time and held back: at the end numbered as fragments of
 * the run and sent on, or all dropped. What {@link RunOutput} and {@link SequenceBatches} share.
 */
final class RunFlowFiles {

    /** Writes a FlowFile's content, given the attributes the FlowFile has when its writing starts. */
    @FunctionalInterface
    interface ContentWriter<T> {
        T write(OutputStream out, Map<String, String> attributes) throws IOException;
    }

    /** A FlowFile with its content written, and what its writer answered. */
    record Written<T>(FlowFile flowFile, T result) {
    }

    private final ProcessSession session;
    private final List<FlowFile> flowFiles = new ArrayList<>();

    RunFlowFiles(final ProcessSession session) {
        this.session = session;
    }

    /** Writes the content of {@code created}, a FlowFile just created; when that fails, removes it and rethrows. */
    <T> Written<T> write(final FlowFile created, final ContentWriter<T> writer) {
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
        return new Written<>(flowFile, written.get(0));
    }

    /** Holds back a written FlowFile, with {@code attributes} added, as the run's next one. */
    void add(final FlowFile written, final Map<String, String> attributes) {
        flowFiles.add(session.putAllAttributes(written, attributes));
    }

    int count() {
        return flowFiles.size();
    }

    /** Numbers the FlowFiles as fragments of one run (one identifier, their index, their count) and hands each, in order, to {@code send}. */
    void sendNumbered(final Consumer<FlowFile> send) {
        final String runId = UUID.randomUUID().toString();
        final String count = String.valueOf(flowFiles.size());
        for (int index = 0; index < flowFiles.size(); index++) {
            send.accept(session.putAllAttributes(flowFiles.get(index), Map.of(
                    FragmentAttributes.FRAGMENT_ID.key(), runId,
                    FragmentAttributes.FRAGMENT_INDEX.key(), String.valueOf(index),
                    FragmentAttributes.FRAGMENT_COUNT.key(), count)));
        }
    }

    /** Drops every FlowFile written so far. */
    void discard() {
        session.remove(flowFiles);
        flowFiles.clear();
    }
}
