package io.github.nifisaleshandy.service;

import java.util.List;

/**
 * One query of {@code POST /v1/analytics/consolidated-stats}: which sequences, which date windows (fetched in order, each
 * paged from page 1), how many records per page, at most how many pages per window, and what each page carries:
 * {@code format} records when {@code convert}, else only the API's JSON as returned ({@link StatsPage#writeJson}).
 */
public record StatsQuery(List<String> sequenceIds, List<DateWindow> windows, int pageSize, int maxPages, RecordFormat format, boolean convert) {

    /** The default of Max Pages: a bound on a server that never says it is done. */
    public static final int DEFAULT_MAX_PAGES = 10_000;

    public StatsQuery {
        sequenceIds = List.copyOf(sequenceIds);
        windows = List.copyOf(windows);
        if (sequenceIds.isEmpty() || windows.isEmpty()) {
            throw new IllegalArgumentException("A query needs sequence IDs and a date window");
        }
        if (pageSize < 1 || maxPages < 1) {
            throw new IllegalArgumentException("pageSize and maxPages must be 1 or more, were " + pageSize + " and " + maxPages);
        }
    }
}
