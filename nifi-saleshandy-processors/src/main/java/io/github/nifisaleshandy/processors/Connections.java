package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.SaleshandyAccount;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import java.util.Optional;
import org.apache.nifi.context.PropertyContext;

/**
 * A processor's way to its account: the connection service its Saleshandy Connection property names.
 */
final class Connections {

    private Connections() {
    }

    /** A connection of the processor's own to the account, with up to {@code concurrency} requests in flight. */
    static SaleshandyConnection open(final PropertyContext context, final String owner, final int concurrency) {
        return account(context).orElseThrow(() -> new IllegalStateException(SaleshandyProperties.CONNECTION.getName()
                + " names no enabled connection service")).connect(owner, concurrency);
    }

    /** The account of the service the processor names; empty when none is set or it is not enabled. */
    static Optional<SaleshandyAccount> account(final PropertyContext context) {
        final SaleshandyConnectionService service = context.getProperty(SaleshandyProperties.CONNECTION).isSet()
                ? context.getProperty(SaleshandyProperties.CONNECTION).asControllerService(SaleshandyConnectionService.class)
                : null;
        try {
            return Optional.ofNullable(service).map(SaleshandyConnectionService::account);
        } catch (final IllegalStateException notEnabled) {
            return Optional.empty();
        }
    }
}
