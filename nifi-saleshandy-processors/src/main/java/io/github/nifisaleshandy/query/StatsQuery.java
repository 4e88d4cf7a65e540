package io.github.nifisaleshandy.query;

import io.github.nifisaleshandy.client.StatsRequest;
import java.util.List;
import java.util.Optional;

/**
 * A checked query for one run: the sequences (given, or every sequence of the account, listed at the run's start), the
 * date windows to fetch in order, and the page size; plus the state to commit when the run succeeds (Incremental mode)
 * and warnings for the user (a start clamped to the API's limit).
 */
public record StatsQuery(SequenceSelection sequences, List<DateWindow> windows, int pageSize, Optional<IncrementalState> stateOnSuccess,
                         List<String> warnings) {

    public StatsQuery {
        windows = List.copyOf(windows);
        warnings = List.copyOf(warnings);
    }

    /** The IDs sent: the given ones, or those a run listed for every sequence of the account. */
    public List<String> sequenceIds() {
        return sequences.ids();
    }

    /** This query for the sequences a run listed; the Incremental state to commit stays as it is. */
    public StatsQuery withListedSequences(final List<String> listedIds) {
        return new StatsQuery(sequences.listed(listedIds), windows, pageSize, stateOnSuccess, warnings);
    }

    public StatsRequest firstRequest(final DateWindow window) {
        return new StatsRequest(sequenceIds(), window.start(), window.end(), 1, pageSize);
    }
}
