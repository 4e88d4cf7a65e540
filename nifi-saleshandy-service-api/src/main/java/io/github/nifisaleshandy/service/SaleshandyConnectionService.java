package io.github.nifisaleshandy.service;

import io.github.nifisaleshandy.client.SaleshandyAccount;
import org.apache.nifi.controller.ControllerService;

/**
 * One Saleshandy account for every processor that references it: the API key, the HTTP client and its connection pool,
 * the retry policy, and the one rate limit of the account (pauses, what the latest response said is left, the adaptive
 * number of requests in flight and their permits). A processor {@link SaleshandyAccount#connect connects} to the account
 * when scheduled and closes its connection when stopped; its stop and calls stay its own.
 */
public interface SaleshandyConnectionService extends ControllerService {

    /** The account, from when the service is enabled until it is disabled. */
    SaleshandyAccount account();
}
