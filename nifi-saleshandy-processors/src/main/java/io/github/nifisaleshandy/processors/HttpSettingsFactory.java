package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.HttpSettings;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.ssl.SSLContextProvider;

/**
 * Reads the connection properties (connect, read and request timeouts, Concurrent Requests, SSL Context Service, Proxy Configuration Service)
 * into {@link HttpSettings}.
 */
final class HttpSettingsFactory {

    private HttpSettingsFactory() {
    }

    static HttpSettings from(final PropertyContext context) {
        HttpSettings settings = HttpSettings.direct(
                Duration.ofMillis(context.getProperty(GetSaleshandyStats.CONNECT_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(GetSaleshandyStats.READ_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                context.getProperty(GetSaleshandyStats.CONCURRENT_REQUESTS).asInteger())
                .withRequestTimeout(Duration.ofMillis(context.getProperty(GetSaleshandyStats.REQUEST_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)));
        final SSLContextProvider ssl = context.getProperty(GetSaleshandyStats.SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
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
}
