package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Turns each record of {@code payload.data} into a row of type {@code R} while the page is checked, so that a page is
 * parsed once.
 */
@FunctionalInterface
public interface RecordConverter<R> {

    /** Reads one record; the parser is on its START_OBJECT and must be left on its END_OBJECT. */
    R convert(JsonParser parser) throws IOException;
}
