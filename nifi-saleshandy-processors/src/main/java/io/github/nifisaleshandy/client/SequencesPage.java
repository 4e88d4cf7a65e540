package io.github.nifisaleshandy.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One page of {@code GET /v1/sequences}, with what its response's rate-limit headers said about the next request.
 */
public record SequencesPage(int pageNumber, List<Sequence> sequences, Optional<Duration> rateLimitPause) {

    public SequencesPage {
        sequences = List.copyOf(sequences);
    }

    /** The IDs in the order listed, to tell a repeated page. */
    public List<String> ids() {
        return sequences.stream().map(Sequence::id).toList();
    }
}
