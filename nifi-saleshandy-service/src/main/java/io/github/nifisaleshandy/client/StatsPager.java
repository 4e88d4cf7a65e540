package io.github.nifisaleshandy.client;

import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.StatsPage;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;

/**
 * Walks the pages of one stats query in order: its windows one after another, each from page 1, all in one
 * {@link AccountRateLimit.Run} (what the first windows learnt of the rate limit holds for the next). Page numbers are
 * known in advance, so pages k+1..k+N are asked for before page k says whether there is more: up to twice the run's
 * ceiling are queued, each waiting for its turn among the account's requests, which starts them as the walk's
 * look-ahead rules allow ({@link AccountRateLimit.Walk}). Only the page awaited next counts as needed. Pages are handed
 * out strictly in page order; a page that ends the window cancels the requests past it as soon as it arrives, and the
 * first failing page ends the query. With a ceiling of 1 each page is fetched, on the caller's thread, when {@link #hasNext()} asks.
 *
 * <p>A window ends when a page says {@code hasMore: false}. An empty page that says {@code hasMore: true} is passed over
 * when its {@code nextPageNumber} is the next page, and ends the window when it names none (there is nothing else to go
 * by); either way the user is warned when the window ends. A server that never ends (a {@code nextPageNumber} that does
 * not advance, or the same records again) stops the query with {@link Failure#MALFORMED_RESPONSE}; one that advances for
 * more than {@code maxPages} pages in a window with {@link Failure#TOO_MANY_PAGES}, once a page past them is asked for.
 */
public final class StatsPager extends FetchingPages<StatsPage> {

    /**
     * Fetches one page of a window, holding {@code ticket}'s place among the account's requests while it waits for its
     * turn, and passes the answer through {@link #told} before giving its permit back.
     */
    @FunctionalInterface
    public interface Fetcher {
        StatsPageParser.Parsed fetch(DateWindow window, int pageNumber, AccountRateLimit.Ticket ticket) throws SaleshandyApiException;
    }

    private static final Executor CALLER_THREAD = Runnable::run;

    private final Fetcher fetcher;
    private final List<DateWindow> windows;
    private final AccountRateLimit.Run run;
    private final Executor executor;
    private final int maxPages;
    private final int queueDepth;
    private final ClientOptions.Events events;
    /** The requests of the current window; a new deque per window, so that a late answer of a past window cancels nothing of the next. */
    private Deque<Request> inFlight = new ConcurrentLinkedDeque<>();
    private int windowIndex;
    private DateWindow window;
    private AccountRateLimit.Walk walk;
    private EmptyPages emptyPages;
    private int nextPageToRequest;
    private int pagesFetched;
    private boolean windowEnded;
    private StatsPageParser.Parsed lastWithRecords;
    private SaleshandyApiException tooManyPages;

    /** With as many requests in flight as {@code run} and its account allow, on {@code executor}'s threads. */
    public StatsPager(final Fetcher fetcher, final List<DateWindow> windows, final AccountRateLimit.Run run, final Executor executor, final int maxPages,
                      final ClientOptions.Events events) {
        this.fetcher = fetcher;
        this.windows = List.copyOf(windows);
        this.run = run;
        this.executor = run.ceiling() == 1 || executor == null ? CALLER_THREAD : executor;
        this.queueDepth = run.ceiling() == 1 ? 1 : 2 * run.ceiling();
        this.maxPages = maxPages;
        this.events = events;
        startWindow(0);
    }

    @Override
    public void close() {
        finishWindow();
        window = null;
    }

    @Override
    StatsPage fetch() throws SaleshandyApiException {
        while (window != null) {
            if (tooManyPages != null) {
                throw tooManyPages;
            }
            if (windowEnded) {
                if (emptyPages.any()) {
                    events.warning("Saleshandy sent empty pages in the middle of " + window.start() + " to " + window.end() + ": " + emptyPages.describe());
                }
                startWindow(windowIndex + 1);
                continue;
            }
            requestAhead();
            final StatsPageParser.Parsed page = await(inFlight.removeFirst().answer());
            if (page.hasMore()) {
                // Only then: a needed page passes the reserve, and a last page's "next page" must not.
                walk.needs(page.pageNumber() + 1);
            }
            pagesFetched++;
            if (page.recordCount() == 0) {
                passOverOrEndOn(page);
                continue;
            }
            checkAdvances(page);
            endOrCheckWithinMaxPages(page);
            lastWithRecords = page;
            return page.page();
        }
        return null;
    }

    private void startWindow(final int index) {
        windowIndex = index;
        window = index < windows.size() ? windows.get(index) : null;
        walk = run.walk();
        inFlight = new ConcurrentLinkedDeque<>();
        emptyPages = new EmptyPages();
        nextPageToRequest = 1;
        pagesFetched = 0;
        windowEnded = false;
        lastWithRecords = null;
    }

    private void requestAhead() {
        // Never past maxPages: a page that could only fail the window is not worth a request.
        final DateWindow requested = window;
        final Deque<Request> requests = inFlight;
        while (requests.size() < queueDepth && nextPageToRequest <= maxPages) {
            final int pageNumber = nextPageToRequest++;
            final AccountRateLimit.Ticket ticket = walk.ticket(pageNumber);
            final FutureTask<StatsPageParser.Parsed> task = new FutureTask<>(() -> {
                final StatsPageParser.Parsed page = fetcher.fetch(requested, pageNumber, ticket);
                if (endsWalk(page)) {
                    requests.stream().filter(later -> later.page() > pageNumber).forEach(later -> later.answer().cancel(true));
                }
                return page;
            });
            requests.addLast(new Request(pageNumber, task));
            executor.execute(task);
        }
    }

    /** Tells {@code ticket}'s walk what its page says, while the request still holds its permit: a last page ends the walk at once. */
    static SaleshandyHttp.Answer<StatsPageParser.Parsed> told(final AccountRateLimit.Ticket ticket,
                                                             final SaleshandyHttp.Answer<StatsPageParser.Parsed> answer) {
        ticket.walk().answered(ticket.page(), endsWalk(answer.value()), answer.rateLimit());
        return answer;
    }

    /** A page that says there is no more, or an empty page that names no next page to follow. */
    private static boolean endsWalk(final StatsPageParser.Parsed page) {
        return !page.hasMore() || page.recordCount() == 0 && page.nextPageNumber().orElse(-1) != page.pageNumber() + 1;
    }

    private StatsPageParser.Parsed await(final Future<StatsPageParser.Parsed> page) throws SaleshandyApiException {
        try {
            return page.get();
        } catch (final ExecutionException e) {
            finishWindow(); // a failure other than a SaleshandyApiException does not close the pages
            if (e.getCause() instanceof SaleshandyApiException failed) {
                throw failed;
            }
            if (e.getCause() instanceof RuntimeException unexpected) {
                throw unexpected;
            }
            throw new IllegalStateException("Fetching a page failed unexpectedly", e.getCause());
        } catch (final InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
            throw new SaleshandyApiException(Failure.INTERRUPTED, "Paging interrupted", e);
        }
    }

    private void passOverOrEndOn(final StatsPageParser.Parsed empty) throws SaleshandyApiException {
        if (endsWalk(empty)) {
            if (empty.hasMore()) {
                emptyPages.endedOn = OptionalInt.of(empty.pageNumber());
            }
            finishWindow();
            return;
        }
        emptyPages.passedOver(empty.pageNumber());
        endOrCheckWithinMaxPages(empty);
    }

    private void endOrCheckWithinMaxPages(final StatsPageParser.Parsed page) throws SaleshandyApiException {
        if (!page.hasMore()) {
            finishWindow();
        } else if (pagesFetched >= maxPages) {
            tooManyPages = new SaleshandyApiException(Failure.TOO_MANY_PAGES, "Paging stopped: more than " + maxPages + " pages in the window "
                    + window.start() + " to " + window.end() + "; raise Max Pages if this is expected");
            finishWindow();
        }
    }

    private void checkAdvances(final StatsPageParser.Parsed page) throws SaleshandyApiException {
        final int current = page.pageNumber();
        final OptionalInt announced = page.nextPageNumber();
        if (page.hasMore() && announced.isPresent() && announced.getAsInt() != current + 1) {
            throw loop("page " + current + " says hasMore but its nextPageNumber is " + announced.getAsInt() + ", expected " + (current + 1));
        }
        // Only pages with records are compared: every empty page has the same fingerprint, and empty pages are bounded by maxPages.
        if (lastWithRecords != null && lastWithRecords.dataFingerprint() == page.dataFingerprint()
                && lastWithRecords.recordCount() == page.recordCount()) {
            throw loop("page " + current + " repeats the records of page " + lastWithRecords.pageNumber());
        }
    }

    private void finishWindow() {
        windowEnded = true;
        // No request of a finished window is needed any more: one still in flight that fails must not end anything.
        walk.needs(0);
        inFlight.forEach(request -> request.answer().cancel(true));
        inFlight.clear();
    }

    private record Request(int page, Future<StatsPageParser.Parsed> answer) {
    }

    private static SaleshandyApiException loop(final String problem) {
        return new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Paging stopped: " + problem + "; the server does not advance");
    }

    /**
     * The empty pages of one window that still said {@code hasMore: true}: those passed over because {@code nextPageNumber}
     * pointed on, and the one the window ended on because it did not. A user should hear of them, as records may be missing.
     */
    static final class EmptyPages {

        /** Page numbers named in {@link #describe()}; more are only counted, so that a runaway server cannot flood a bulletin. */
        static final int LISTED = 10;

        private final List<Integer> listed = new ArrayList<>();
        private int passedOver;
        private OptionalInt endedOn = OptionalInt.empty();

        void passedOver(final int pageNumber) {
            passedOver++;
            if (listed.size() < LISTED) {
                listed.add(pageNumber);
            }
        }

        boolean any() {
            return passedOver > 0 || endedOn.isPresent();
        }

        /** E.g. "2 empty pages said hasMore: true and paging went on past them (pages 3, 4)". */
        String describe() {
            final List<String> parts = new ArrayList<>();
            if (passedOver > 0) {
                final String pages = listed.stream().map(String::valueOf).collect(Collectors.joining(", "));
                parts.add(passedOver + (passedOver == 1 ? " empty page" : " empty pages") + " said hasMore: true and paging went on past "
                        + (passedOver == 1 ? "it" : "them") + " (page" + (passedOver == 1 ? " " : "s ") + pages
                        + (passedOver > LISTED ? ", ..." : "") + ")");
            }
            endedOn.ifPresent(page -> parts.add("page " + page + " was empty and said hasMore: true but named no next page to follow, "
                    + "so paging ended there"));
            return String.join("; ", parts);
        }
    }
}
