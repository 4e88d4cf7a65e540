package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.StatsPage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Copies the page's {@code payload.data} array exactly as the API sent it: no parsing, no re-serialization. It never looks
 * at converted records, so it takes any page, usually a {@code StatsPage<Void>} from a verbatim client.
 */
public final class VerbatimJsonPageWriter implements PageWriter<Object> {

    @Override
    public Result write(final StatsPage<?> page, final OutputStream out, final Map<String, String> attributes) throws IOException {
        page.writeDataTo(out);
        return new Result(page.recordCount(), "application/json", 0);
    }
}
