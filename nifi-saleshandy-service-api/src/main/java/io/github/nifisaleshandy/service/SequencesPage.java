package io.github.nifisaleshandy.service;

import java.util.List;

/** One page of {@code GET /v1/sequences}, every sequence on it, active or not. */
public record SequencesPage(int pageNumber, List<Sequence> sequences) {

    public SequencesPage {
        sequences = List.copyOf(sequences);
    }
}
