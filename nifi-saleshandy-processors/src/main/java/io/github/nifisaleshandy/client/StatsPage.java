package io.github.nifisaleshandy.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One page of the consolidated-stats response. The response bytes are kept as received so that the records can be
 * streamed out verbatim ({@code payload.data} is the byte range {@code [dataOffset, dataOffset + dataLength)}).
 *
 * @param <R> what the parser's {@link RecordConverter} made of each record; {@code Void} for a page parsed without one
 *            ({@link StatsPageParser#verbatim}), whose records are only located, to be passed on as bytes
 */
public final class StatsPage<R> {

    private final int pageNumber;
    private final boolean hasMore;
    private final OptionalInt nextPageNumber;
    private final int recordCount;
    private final byte[] body;
    private final int dataOffset;
    private final int dataLength;
    private final long dataFingerprint;
    private final List<R> records;
    private final Duration rateLimitPause;
    private final OptionalLong rateLimitRemaining;

    StatsPage(final int pageNumber, final boolean hasMore, final OptionalInt nextPageNumber, final int recordCount,
              final byte[] body, final int dataOffset, final int dataLength, final long dataFingerprint, final List<R> records) {
        this.pageNumber = pageNumber;
        this.hasMore = hasMore;
        this.nextPageNumber = nextPageNumber;
        this.recordCount = recordCount;
        this.body = body;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
        this.dataFingerprint = dataFingerprint;
        this.records = List.copyOf(records);
        this.rateLimitPause = null;
        this.rateLimitRemaining = OptionalLong.empty();
    }

    private StatsPage(final StatsPage<R> page, final Duration rateLimitPause, final OptionalLong rateLimitRemaining) {
        this.pageNumber = page.pageNumber;
        this.hasMore = page.hasMore;
        this.nextPageNumber = page.nextPageNumber;
        this.recordCount = page.recordCount;
        this.body = page.body;
        this.dataOffset = page.dataOffset;
        this.dataLength = page.dataLength;
        this.dataFingerprint = page.dataFingerprint;
        this.records = page.records;
        this.rateLimitPause = rateLimitPause;
        this.rateLimitRemaining = rateLimitRemaining;
    }

    /** This page, with what its response's rate-limit headers said about the next requests. */
    StatsPage<R> withRateLimit(final RateLimitHeaders headers) {
        final Optional<Duration> pause = headers.waitBeforeNextRequest();
        return pause.isEmpty() && headers.remaining().isEmpty() ? this : new StatsPage<>(this, pause.orElse(null), headers.remaining());
    }

    /** How long every request must wait because this response said none are left until the window resets. */
    public Optional<Duration> rateLimitPause() {
        return Optional.ofNullable(rateLimitPause);
    }

    /** How many requests the response's {@code x-ratelimit-remaining} said are left in the rate-limit window, when it said. */
    public OptionalLong rateLimitRemaining() {
        return rateLimitRemaining;
    }

    public int pageNumber() {
        return pageNumber;
    }

    public boolean hasMore() {
        return hasMore;
    }

    public OptionalInt nextPageNumber() {
        return nextPageNumber;
    }

    public int recordCount() {
        return recordCount;
    }

    /** A checksum of the {@code payload.data} bytes, so that a server repeating a page can be detected. */
    public long dataFingerprint() {
        return dataFingerprint;
    }

    /**
     * What the parser's {@link RecordConverter} made of each record, in order: {@link #recordCount()} rows, or none for a
     * {@code StatsPage<Void>}, whose records are in {@link #data()} only.
     */
    public List<R> records() {
        return records;
    }

    /** The {@code payload.data} JSON array exactly as the API sent it. */
    public InputStream data() {
        return new ByteArrayInputStream(body, dataOffset, dataLength);
    }

    public void writeDataTo(final OutputStream out) throws IOException {
        out.write(body, dataOffset, dataLength);
    }
}
