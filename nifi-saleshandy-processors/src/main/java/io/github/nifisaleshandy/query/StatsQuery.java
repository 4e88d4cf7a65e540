package io.github.nifisaleshandy.query;

import io.github.nifisaleshandy.client.StatsRequest;
import java.util.List;

/**
 * A checked query for one run: the sequences, the date windows to fetch in order, and the page size.
 */
public record StatsQuery(List<String> sequenceIds, List<DateWindow> windows, int pageSize) {

    public StatsQuery {
        sequenceIds = List.copyOf(sequenceIds);
        windows = List.copyOf(windows);
    }

    public StatsRequest firstRequest(final DateWindow window) {
        return new StatsRequest(sequenceIds, window.start(), window.end(), 1, pageSize);
    }
}
