package io.github.nifisaleshandy.client;

import java.util.List;
import java.util.Objects;

/**
 * What to list of {@code GET /v1/sequences}: the page size and the API's own filters and order. A null filter, or an
 * empty list of client IDs, is not sent; neither is a null sort.
 */
public record SequencesRequest(int pageSize, String sequenceName, List<String> clientIds, SortOrder sort, SortBy sortBy) {

    /** The most sequences the API returns per page. */
    public static final int MAX_PAGE_SIZE = 1000;

    public SequencesRequest {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ": " + pageSize);
        }
        clientIds = List.copyOf(Objects.requireNonNull(clientIds, "clientIds"));
        sequenceName = sequenceName == null || sequenceName.isBlank() ? null : sequenceName;
    }

    /** Every sequence, in the API's default order. */
    public static SequencesRequest all(final int pageSize) {
        return new SequencesRequest(pageSize, null, List.of(), null, null);
    }

    /**
     * Every sequence of the account, on the API's largest page (the fewest requests; the page size changes no output),
     * oldest first, so that a sequence created during a listing lands on the last page instead of shifting the others.
     */
    public static SequencesRequest everySequence() {
        return all(MAX_PAGE_SIZE).sortedBy(SortBy.CREATED_AT, SortOrder.ASC);
    }

    public SequencesRequest withSequenceName(final String name) {
        return new SequencesRequest(pageSize, name, clientIds, sort, sortBy);
    }

    public SequencesRequest withClientIds(final List<String> ids) {
        return new SequencesRequest(pageSize, sequenceName, ids, sort, sortBy);
    }

    public SequencesRequest sortedBy(final SortBy field, final SortOrder order) {
        return new SequencesRequest(pageSize, sequenceName, clientIds, order, field);
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
