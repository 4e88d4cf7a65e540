package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.StatsPage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes one page of records as a FlowFile's content.
 */
public interface PageWriter {

    /** What was written. {@code unparsedValues} counts values that could not be converted and were kept as raw text. */
    record Result(int recordCount, String mimeType, int unparsedValues) {
    }

    Result write(StatsPage page, OutputStream out, Map<String, String> attributes) throws IOException;
}
