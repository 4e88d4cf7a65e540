package io.github.nifisaleshandy.client;

import java.util.List;
import java.util.function.Consumer;

/**
 * Pages through {@code GET /v1/sequences} from page 1. The API says nothing of further pages, so a page with fewer
 * sequences than the page size is the last; a listing that is an exact multiple of the page size ends with an empty
 * page. A page that repeats the previous page's IDs stops the listing (a server ignoring {@code page} would otherwise be
 * paged for ever), and so does a full page at Max Pages.
 */
public final class SequenceLister {

    /** The default of Max Pages, and the limit of GetSaleshandyStats' listing of every sequence: 100,000 sequences. */
    public static final int DEFAULT_MAX_PAGES = 100;

    /** What one listing found: its pages, the sequences on them, and how many of those the active-only filter kept. */
    public record Listing(int pages, long listed, long kept) {
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

    /** A lister that stops after {@link #DEFAULT_MAX_PAGES} full pages. */
    public SequenceLister(final SequencesFetcher fetcher) {
        this(fetcher, DEFAULT_MAX_PAGES);
    }

    /**
     * Hands every sequence to {@code consumer}, in order, leaving out inactive ones when {@code activeOnly}: the API has
     * no such filter, so every page is fetched either way. The first page that still fails ends the listing.
     */
    public Listing list(final SequencesRequest request, final boolean activeOnly, final Consumer<Sequence> consumer) throws SaleshandyApiException {
        long listed = 0;
        long kept = 0;
        List<String> previousIds = List.of();
        for (int pageNumber = 1; ; pageNumber++) {
            final SequencesPage page = fetcher.fetch(request, pageNumber);
            final List<String> ids = page.ids();
            if (!ids.isEmpty() && ids.equals(previousIds)) {
                throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: sequences page " + pageNumber + " repeats page "
                        + (pageNumber - 1) + " (the same " + ids.size() + " sequence IDs); Saleshandy does not seem to honour the page parameter");
            }
            for (final Sequence sequence : page.sequences()) {
                listed++;
                if (sequence.active() || !activeOnly) {
                    consumer.accept(sequence);
                    kept++;
                }
            }
            if (ids.size() < request.pageSize()) {
                return new Listing(pageNumber, listed, kept);
            }
            if (pageNumber >= maxPages) {
                throw new SaleshandyApiException(Failure.TOO_MANY_PAGES, "Paging stopped: sequences page " + pageNumber + " is full and Max Pages ("
                        + maxPages + ") allows no more; more than " + (long) maxPages * request.pageSize() + " sequences, or a listing that does not end");
            }
            previousIds = ids;
        }
    }
}
