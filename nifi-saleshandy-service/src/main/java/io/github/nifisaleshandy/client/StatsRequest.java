package io.github.nifisaleshandy.client;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One page request to the consolidated-stats endpoint: which sequences, which days (inclusive), which page and how large.
 */
public record StatsRequest(List<String> sequenceIds, LocalDate startDate, LocalDate endDate, int pageNumber, int pageSize) {

    public StatsRequest {
        sequenceIds = List.copyOf(sequenceIds);
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(endDate, "endDate");
        if (pageNumber < 1) {
            throw new IllegalArgumentException("pageNumber must be 1 or more, was " + pageNumber);
        }
    }

    public StatsRequest withPageNumber(final int newPageNumber) {
        return new StatsRequest(sequenceIds, startDate, endDate, newPageNumber, pageSize);
    }

    public StatsRequest withPageSize(final int newPageSize) {
        return new StatsRequest(sequenceIds, startDate, endDate, pageNumber, newPageSize);
    }
}
