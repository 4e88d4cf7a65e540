package io.github.nifisaleshandy.client;

import java.io.IOException;
import java.util.Optional;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads a response body no further than a limit, whatever its transfer encoding: a chunked body has no Content-Length,
 * and a Content-Length may lie, so the bytes are counted while they arrive.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The whole body, or empty when it is larger than {@code limit} bytes (then at most {@code limit + 1} bytes were read). */
    static Optional<byte[]> readWhole(final ResponseBody body, final long limit) throws IOException {
        if (body.contentLength() > limit) {
            return Optional.empty();
        }
        final BufferedSource source = body.source();
        // request(n) buffers until n bytes are there or the body ends: true means there is more than the limit.
        if (source.request(limit + 1)) {
            return Optional.empty();
        }
        return Optional.of(source.getBuffer().readByteArray());
    }

    /** At most the first {@code limit} bytes; the rest is never read. Enough for an error message. */
    static byte[] readPrefix(final ResponseBody body, final long limit) throws IOException {
        final BufferedSource source = body.source();
        source.request(limit);
        return source.getBuffer().readByteArray(Math.min(limit, source.getBuffer().size()));
    }
}
