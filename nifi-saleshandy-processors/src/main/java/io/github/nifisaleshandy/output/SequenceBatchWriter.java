package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.Sequence;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch of listed sequences as a FlowFile's content, as records of
 * {@link io.github.nifisaleshandy.record.SequenceSchema#SEQUENCE}.
 */
public interface SequenceBatchWriter {

    /** What was written. */
    record Result(int recordCount, String mimeType) {
    }

    Result write(List<Sequence> batch, OutputStream out, Map<String, String> attributes) throws IOException;
}
