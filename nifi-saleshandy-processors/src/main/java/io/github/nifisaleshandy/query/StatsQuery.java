package io.github.nifisaleshandy.query;

import io.github.nifisaleshandy.client.StatsRequest;
import java.util.List;
import java.util.Optional;

/**
 * A checked query for one run: the sequences, the date windows to fetch in order, and the page size; plus the state
 * to commit when the run succeeds (Incremental mode) and warnings for the user (a start clamped to the API's limit).
 */
public record StatsQuery(List<String> sequenceIds, List<DateWindow> windows, int pageSize, Optional<IncrementalState> stateOnSuccess,
                         List<String> warnings) {

    public StatsQuery {
        sequenceIds = List.copyOf(sequenceIds);
        windows = List.copyOf(windows);
        warnings = List.copyOf(warnings);
    }

    public StatsRequest firstRequest(final DateWindow window) {
        return new StatsRequest(sequenceIds, window.start(), window.end(), 1, pageSize);
    }
}
