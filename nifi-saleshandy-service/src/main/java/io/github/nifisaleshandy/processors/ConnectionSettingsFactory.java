package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.ConnectionSettings;
import io.github.nifisaleshandy.client.HttpSettings;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.Sleeper;
import java.net.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.ssl.SSLContextProvider;

/**
 * Reads the connection service's properties (Base URL, API Key, timeouts, Max Retries, Max Requests In Flight, SSL Context
 * Service, Proxy Configuration Service) into the {@link ConnectionSettings} that its
 * {@link io.github.nifisaleshandy.client.SaleshandyAccount} is opened with.
 */
final class ConnectionSettingsFactory {

    private ConnectionSettingsFactory() {
    }

    static ConnectionSettings from(final PropertyContext context, final Clock clock, final Sleeper sleeper) {
        final int maxInFlight = context.getProperty(StandardSaleshandyConnectionService.MAX_IN_FLIGHT).asInteger();
        final HttpUrl baseUrl = HttpUrl.get(context.getProperty(SaleshandyProperties.BASE_URL).evaluateAttributeExpressions().getValue().strip());
        return new ConnectionSettings(baseUrl, ApiKeyValidator.value(context), http(context, maxInFlight),
                RetryPolicy.withMaxRetries(context.getProperty(SaleshandyProperties.MAX_RETRIES).asInteger()), maxInFlight, clock, sleeper);
    }

    private static HttpSettings http(final PropertyContext context, final int maxConnections) {
        HttpSettings settings = HttpSettings.direct(period(context, SaleshandyProperties.CONNECT_TIMEOUT), period(context, SaleshandyProperties.READ_TIMEOUT),
                maxConnections).withRequestTimeout(period(context, SaleshandyProperties.REQUEST_TIMEOUT));
        final SSLContextProvider ssl = context.getProperty(SaleshandyProperties.SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        if (ssl != null) {
            settings = settings.withTls(ssl.createContext(), ssl.createTrustManager());
        }
        final ProxyConfiguration proxy = ProxyConfiguration.getConfiguration(context);
        if (proxy != null && proxy.getProxyType() != Proxy.Type.DIRECT) {
            settings = settings.withProxy(proxy.createProxy(), proxy.hasCredential() ? proxy.getProxyUserName() : null,
                    proxy.hasCredential() ? proxy.getProxyUserPassword() : null);
        }
        return settings;
    }

    private static Duration period(final PropertyContext context, final PropertyDescriptor property) {
        return Duration.ofMillis(context.getProperty(property).asTimePeriod(TimeUnit.MILLISECONDS));
    }
}
