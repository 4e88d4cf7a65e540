package io.github.nifisaleshandy.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalInt;

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
    private final RateLimitHeaders rateLimit;

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
        this.rateLimit = RateLimitHeaders.NONE;
    }

    private StatsPage(final StatsPage<R> page, final RateLimitHeaders rateLimit) {
        this.pageNumber = page.pageNumber;
        this.hasMore = page.hasMore;
        this.nextPageNumber = page.nextPageNumber;
        this.recordCount = page.recordCount;
        this.body = page.body;
        this.dataOffset = page.dataOffset;
        this.dataLength = page.dataLength;
        this.dataFingerprint = page.dataFingerprint;
        this.records = page.records;
        this.rateLimit = rateLimit;
    }

    /** This page, with its response's rate-limit headers. */
    StatsPage<R> withRateLimit(final RateLimitHeaders headers) {
        return new StatsPage<>(this, headers);
    }

    /** What its response's rate-limit headers said. */
    public RateLimitHeaders rateLimit() {
        return rateLimit;
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
