package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.StatsPage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes one page of records as a FlowFile's content.
 *
 * @param <R> the type of the converted records it writes; {@code Object} for a writer of the page's bytes, which takes any page
 */
public interface PageWriter<R> {

    /** What was written. {@code unparsedValues} counts values that could not be converted and were kept as raw text. */
    record Result(int recordCount, String mimeType, int unparsedValues) {
    }

    Result write(StatsPage<? extends R> page, OutputStream out, Map<String, String> attributes) throws IOException;
}
