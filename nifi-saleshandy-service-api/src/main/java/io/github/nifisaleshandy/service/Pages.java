package io.github.nifisaleshandy.service;

/**
 * The pages of one query, read in order. A page arrives whole or the query fails: the first failure that retries cannot
 * mend ends it, and {@link #hasNext()} throws it. Closing before the end cancels what is still being fetched.
 */
public interface Pages<P> extends AutoCloseable {

    boolean hasNext() throws SaleshandyApiException;

    /** @throws java.util.NoSuchElementException when there are no more pages */
    P next() throws SaleshandyApiException;

    @Override
    void close();
}
