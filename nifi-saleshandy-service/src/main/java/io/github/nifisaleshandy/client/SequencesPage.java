package io.github.nifisaleshandy.client;

import java.util.List;

/**
 * One page of {@code GET /v1/sequences}, with its response's rate-limit headers.
 */
public record SequencesPage(int pageNumber, List<Sequence> sequences, RateLimitHeaders rateLimit) {

    public SequencesPage {
        sequences = List.copyOf(sequences);
    }

    /** The IDs in the order listed, to tell a repeated page. */
    public List<String> ids() {
        return sequences.stream().map(Sequence::id).toList();
    }
}
