package io.github.nifisaleshandy.client;

import java.util.List;

/**
 * Pages through {@code GET /v1/sequences} from page 1. The API says nothing of further pages, so a page with fewer
 * sequences than the page size is the last; a listing that is an exact multiple of the page size ends with an empty
 * page. A page that repeats the previous page's IDs stops the listing (a server ignoring {@code page} would otherwise be
 * paged for ever), and so does a full page at Max Pages.
 */
public final class SequenceLister {

    /** Takes each page's sequences, in order, as they arrive; may throw to end the listing. */
    @FunctionalInterface
    public interface PageConsumer {
        void accept(SequencesPage page);
    }

    private final SequencesFetcher fetcher;
    private final int maxPages;

    public SequenceLister(final SequencesFetcher fetcher, final int maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be 1 or more: " + maxPages);
        }
        this.fetcher = fetcher;
        this.maxPages = maxPages;
    }

    /** Hands every page to {@code consumer}; returns how many pages were fetched. The first page that still fails ends the listing. */
    public int list(final SequencesRequest request, final PageConsumer consumer) throws SaleshandyApiException {
        List<String> previousIds = List.of();
        for (int pageNumber = 1; ; pageNumber++) {
            final SequencesPage page = fetcher.fetch(request, pageNumber);
            final List<String> ids = page.ids();
            if (!ids.isEmpty() && ids.equals(previousIds)) {
                throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: sequences page " + pageNumber + " repeats page "
                        + (pageNumber - 1) + " (the same " + ids.size() + " sequence IDs); Saleshandy does not seem to honour the page parameter");
            }
            consumer.accept(page);
            if (ids.size() < request.pageSize()) {
                return pageNumber;
            }
            if (pageNumber >= maxPages) {
                throw new SaleshandyApiException(Failure.TOO_MANY_PAGES, "Paging stopped: sequences page " + pageNumber + " is full and Max Pages ("
                        + maxPages + ") allows no more; more than " + (long) maxPages * request.pageSize() + " sequences, or a listing that does not end");
            }
            previousIds = ids;
        }
    }
}
