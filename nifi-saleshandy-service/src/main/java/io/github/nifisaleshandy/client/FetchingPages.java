package io.github.nifisaleshandy.client;

import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.util.NoSuchElementException;

/** Pages fetched as {@link #hasNext()} asks: the first failure closes them, and every later call throws it again. */
abstract class FetchingPages<P> implements Pages<P> {

    private P fetched;
    private SaleshandyApiException failure;

    /** The next page, or null after the last. */
    abstract P fetch() throws SaleshandyApiException;

    @Override
    public final boolean hasNext() throws SaleshandyApiException {
        if (failure != null) {
            throw failure;
        }
        if (fetched == null) {
            try {
                fetched = fetch();
            } catch (final SaleshandyApiException e) {
                failure = e;
                close();
                throw e;
            }
        }
        return fetched != null;
    }

    @Override
    public final P next() throws SaleshandyApiException {
        if (!hasNext()) {
            throw new NoSuchElementException("No more pages");
        }
        final P page = fetched;
        fetched = null;
        return page;
    }
}
