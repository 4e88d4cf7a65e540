package io.github.nifisaleshandy.processors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.migration.PropertyConfiguration;

/**
 * Upgrades a processor saved before the connection service existed: its own connection properties (API Key, Base URL,
 * SSL and proxy services, timeouts, Max Retries) become a new {@link StandardSaleshandyConnectionService} with the same
 * values, sensitive ones and parameter references included, which the processor then references, as NiFi's AWS
 * processors did when their credentials moved into a service.
 */
final class ConnectionMigration {

    /** The processors' connection properties before the service, by name: exactly the service's, less what is new there. */
    static final List<PropertyDescriptor> MOVED = List.of(SaleshandyProperties.BASE_URL, SaleshandyProperties.API_KEY,
            SaleshandyProperties.SSL_CONTEXT_SERVICE, SaleshandyProperties.PROXY_CONFIGURATION_SERVICE, SaleshandyProperties.CONNECT_TIMEOUT,
            SaleshandyProperties.READ_TIMEOUT, SaleshandyProperties.REQUEST_TIMEOUT, SaleshandyProperties.MAX_RETRIES);

    private ConnectionMigration() {
    }

    static void migrate(final PropertyConfiguration config) {
        if (config.isPropertySet(SaleshandyProperties.CONNECTION) || !config.hasProperty(SaleshandyProperties.API_KEY.getName())) {
            return;
        }
        final Map<String, String> serviceProperties = new LinkedHashMap<>();
        for (final PropertyDescriptor moved : MOVED) {
            config.getRawPropertyValue(moved.getName()).ifPresent(value -> serviceProperties.put(moved.getName(), value));
        }
        final String serviceId = config.createControllerService(StandardSaleshandyConnectionService.class.getName(), serviceProperties);
        config.setProperty(SaleshandyProperties.CONNECTION, serviceId);
        for (final PropertyDescriptor moved : MOVED) {
            config.removeProperty(moved.getName());
        }
    }
}
