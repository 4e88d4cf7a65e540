package io.github.nifisaleshandy.testapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A response body that a server sends one byte at a time, each a while after the last: every read gets data well
 * within any read timeout, yet the whole body takes far longer than any request should. (MockWebServer's own
 * throttleBody also throttles the status line and headers, so it cannot show a 200 whose body then trickles.)
 */
public final class TricklingBody implements MockResponseBody {

    private final byte[] bytes;
    private final Duration pause;
    private final CountDownLatch reading = new CountDownLatch(1);

    public TricklingBody(final String text, final Duration pause) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        this.pause = pause;
    }

    /** Opens once three bytes are out: by then the client has long had the headers and is reading the body. */
    public CountDownLatch clientIsReading() {
        return reading;
    }

    @Override
    public long getContentLength() {
        return bytes.length;
    }

    @Override
    public void writeTo(final BufferedSink sink) throws IOException {
        for (int i = 0; i < bytes.length; i++) {
            sink.writeByte(bytes[i]);
            sink.flush();
            if (i == 2) {
                reading.countDown();
            }
            try {
                Thread.sleep(pause);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("server stopped", e);
            }
        }
    }
}
