package io.github.nifisaleshandy.service;

import java.util.List;
import java.util.Objects;

/**
 * What to list of {@code GET /v1/sequences}: the page size, the API's own filters and order, and at most how many full
 * pages. A null or blank name, or an empty list of client IDs, is not sent; neither is a null sort. The API has no
 * active-only filter: a page holds every sequence it lists.
 */
public record SequencesQuery(int pageSize, String sequenceName, List<String> clientIds, SortOrder sort, SortBy sortBy, int maxPages) {

    /** The most sequences the API returns per page. */
    public static final int MAX_PAGE_SIZE = 1000;
    /** The default of Max Pages, and the bound of the listing of every sequence: 100,000 sequences. */
    public static final int DEFAULT_MAX_PAGES = 100;

    public SequencesQuery {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ": " + pageSize);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be 1 or more: " + maxPages);
        }
        clientIds = List.copyOf(Objects.requireNonNull(clientIds, "clientIds"));
        sequenceName = sequenceName == null || sequenceName.isBlank() ? null : sequenceName;
    }

    /**
     * Every sequence of the account, on the API's largest page (the fewest requests; the page size changes no output),
     * oldest first, so that a sequence created during a listing lands on the last page instead of shifting the others.
     */
    public static SequencesQuery everySequence() {
        return new SequencesQuery(MAX_PAGE_SIZE, null, List.of(), SortOrder.ASC, SortBy.CREATED_AT, DEFAULT_MAX_PAGES);
    }

    /** Every sequence on pages of {@code size}, in the API's default order, one page at most: what Verify lists. */
    public static SequencesQuery firstPage(final int size) {
        return new SequencesQuery(size, null, List.of(), null, null, 1);
    }

    public SequencesQuery withSequenceName(final String name) {
        return new SequencesQuery(pageSize, name, clientIds, sort, sortBy, maxPages);
    }

    public SequencesQuery withClientIds(final List<String> ids) {
        return new SequencesQuery(pageSize, sequenceName, ids, sort, sortBy, maxPages);
    }

    public SequencesQuery withMaxPages(final int pages) {
        return new SequencesQuery(pageSize, sequenceName, clientIds, sort, sortBy, pages);
    }

    /** The API's {@code sort} parameter. */
    public enum SortOrder {
        ASC, DESC
    }

    /** The API's {@code sortBy} parameter. */
    public enum SortBy {
        CREATED_AT("sequence.createdAt"), TITLE("sequence.title");

        private final String apiValue;

        SortBy(final String apiValue) {
            this.apiValue = apiValue;
        }

        public String apiValue() {
            return apiValue;
        }
    }
}
