package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Turns each record of {@code payload.data} into a row while the page is checked, so that a page is parsed once.
 */
@FunctionalInterface
public interface RecordConverter {

    /** Reads one record; the parser is on its START_OBJECT and must be left on its END_OBJECT. */
    Object convert(JsonParser parser) throws IOException;
}
