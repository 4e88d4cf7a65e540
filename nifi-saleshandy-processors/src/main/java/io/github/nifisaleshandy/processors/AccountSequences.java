package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SequenceLister;
import io.github.nifisaleshandy.client.SequencesRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The IDs that an empty Sequence IDs of GetSaleshandyStats stands for: every sequence of the account, or only the active
 * ones, oldest first, as one listing of {@code GET /v1/sequences} found them.
 */
record AccountSequences(List<String> ids, long listed, int pages) {

    AccountSequences {
        ids = List.copyOf(ids);
    }

    static AccountSequences list(final SequenceLister lister, final boolean activeOnly) throws SaleshandyApiException {
        final List<String> ids = new ArrayList<>();
        final SequenceLister.Listing listing = lister.list(SequencesRequest.everySequence(), activeOnly, sequence -> ids.add(sequence.id()));
        return new AccountSequences(ids, listing.listed(), listing.pages());
    }

    /** For the log and Verify, e.g. "12 sequences listed on 1 page, 8 of them active". */
    String describe(final boolean activeOnly) {
        return listed + " sequences listed on " + pages + (pages == 1 ? " page" : " pages")
                + (activeOnly ? ", " + ids.size() + " of them active" : "");
    }
}
