package io.github.nifisaleshandy.client;

/**
 * Fetches one page of the sequence list.
 */
@FunctionalInterface
public interface SequencesFetcher {

    SequencesPage fetch(SequencesRequest request, int pageNumber) throws SaleshandyApiException;
}
