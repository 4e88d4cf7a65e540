package io.github.nifisaleshandy.service;

/**
 * What one processor holds open towards its account, from {@code @OnScheduled} to {@code @OnStopped}. Queries of one
 * client may run at once (concurrent tasks); {@link #cancel()} may be called from any thread while they run.
 */
public interface SaleshandyClient extends AutoCloseable {

    /** The pages of consolidated statistics of {@code query}: every page of every window, windows in order, pages in order. */
    Pages<StatsPage> stats(StatsQuery query);

    /** The pages of the account's sequences that {@code query} selects, in order. */
    Pages<SequencesPage> sequences(SequencesQuery query);

    /** The statistics endpoint, for provenance: it never carries the key. */
    String statsUrl();

    /** The sequences endpoint, for provenance: it never carries the key. */
    String sequencesUrl();

    /** Ends waits and requests at once; what runs then fails as {@link Failure#INTERRUPTED}. */
    void cancel();

    /** Whether {@link #cancel()} was called: a query that failed as {@link Failure#INTERRUPTED} then ended because of a stop. */
    boolean isCancelled();

    /** Cancels what still runs and frees what this client holds; the account stays open for other processors. */
    @Override
    void close();
}
