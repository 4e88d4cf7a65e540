package io.github.nifisaleshandy.service;

import org.apache.nifi.controller.ControllerService;

/**
 * One Saleshandy account for every processor that references it: the API key, the HTTP connections, the retries and the
 * account's one rate limit. A processor {@link #connect connects} when scheduled and closes its client when stopped;
 * what it asks for comes back as pages, in order, and how those pages are requested (how many at once, what is retried,
 * when the account pauses) is the service's business.
 */
public interface SaleshandyConnectionService extends ControllerService {

    /**
     * A client of the processor's own: its stop cancels its own requests and no other processor's.
     *
     * @throws IllegalStateException when the service is not enabled
     */
    SaleshandyClient connect(ClientOptions options);

    /** {@code text} with the account's key masked, in every form a server or a library may echo it. */
    String mask(String text);
}
