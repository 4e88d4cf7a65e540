package io.github.nifisaleshandy.processors;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxySpec;
import org.apache.nifi.ssl.SSLContextProvider;

/** The service's properties; no validation result shows the key, nor a rejected URL's user info or query (NiFi shows them in bulletins). */
public final class ConnectionProperties {

    static final ProxySpec[] PROXY_SPECS = {ProxySpec.HTTP, ProxySpec.HTTP_AUTH};

    public static final PropertyDescriptor BASE_URL = new PropertyDescriptor.Builder()
            .name("Base URL")
            .description("The Saleshandy Open API address. Must be https; plain http is accepted only for a loopback host "
                    + "(a local test server), so that the API key never travels unencrypted.")
            .required(true)
            .defaultValue("https://open-api.saleshandy.com")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(ConnectionProperties::validateBaseUrl)
            .build();

    public static final PropertyDescriptor API_KEY = new PropertyDescriptor.Builder()
            .name("API Key")
            .description("The Saleshandy Open API key (Saleshandy: Settings > API Key). Sent in the x-api-key header of every request. "
                    + "Whitespace around the key (e.g. a line break pasted with it) is trimmed; anything else but visible ASCII "
                    + "characters (a space, tab, line break or control character inside the key, or a non-ASCII character) makes the "
                    + "processor invalid, since an HTTP header cannot carry it.")
            .required(true)
            .sensitive(true)
            .addValidator(ConnectionProperties::validateApiKey)
            .build();

    public static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("TLS settings for the connection to Saleshandy, e.g. a corporate truststore when traffic passes through a "
                    + "TLS-inspecting gateway, or a client certificate. Empty: the JVM's default truststore.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    public static final PropertyDescriptor PROXY_CONFIGURATION_SERVICE = ProxyConfiguration.createProxyConfigPropertyDescriptor(PROXY_SPECS);

    public static final PropertyDescriptor CONNECT_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Connect Timeout")
            .description("How long to wait for a connection to Saleshandy before the attempt counts as failed and is retried.")
            .required(true)
            .defaultValue("10 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor READ_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Read Timeout")
            .description("How long to wait for data from Saleshandy before the attempt counts as failed and is retried.")
            .required(true)
            .defaultValue("60 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor REQUEST_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("How long one request may take as a whole, from connecting to the last byte of the page, before the attempt "
                    + "counts as failed and is retried. Read Timeout only limits each wait for data, so a server that sends a byte now "
                    + "and then would otherwise hold a request for ever.")
            .required(true)
            .defaultValue("5 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor MAX_RETRIES = new PropertyDescriptor.Builder()
            .name("Max Retries")
            .description("How often one page is retried after a rate limit (HTTP 429: every request of the account pauses as "
                    + "Retry-After asks, else until x-ratelimit-reset, else 5 seconds), a server error (HTTP 5xx) or a network error "
                    + "(exponential back-off from 1 second, at most 30 seconds) before the run fails. A 429 met while other requests "
                    + "were in flight is retried without counting, since fewer are sent at once from then on. A wait of more than 60 seconds fails at once. "
                    + "Rejected keys and invalid requests are never retried.")
            .required(true)
            .defaultValue("3")
            .addValidator(StandardValidators.createLongValidator(0, 10, true))
            .build();

    public static final PropertyDescriptor MAX_IN_FLIGHT = new PropertyDescriptor.Builder()
            .name("Max Requests In Flight")
            .description("The most requests to this account in flight at once, from every processor that uses this service together "
                    + "(1 to 64). Each processor's own Concurrent Requests bounds its run within this. The service lowers the number "
                    + "it actually allows when Saleshandy answers HTTP 429 while several requests are in flight, and raises it again slowly.")
            .required(true)
            .defaultValue("16")
            .addValidator(StandardValidators.createLongValidator(1, 64, true))
            .build();

    private static final char DEL = 0x7f;

    private ConnectionProperties() {
    }

    /** Whitespace around the key is never part of it. */
    static String apiKey(final PropertyContext context) {
        final String raw = context.getProperty(API_KEY).getValue();
        return raw == null ? null : raw.strip();
    }

    private static ValidationResult validateApiKey(final String subject, final String input, final ValidationContext context) {
        final Optional<String> problem = apiKeyProblem(input);
        return new ValidationResult.Builder().subject(subject).valid(problem.isEmpty()).explanation(problem.orElse(null)).build();
    }

    /** Names the property and the rule but no character of the key. */
    static Optional<String> apiKeyProblem(final String raw) {
        final String name = API_KEY.getName();
        if (raw == null || raw.isBlank()) {
            return Optional.of(name + " must not be empty");
        }
        final String value = raw.strip();
        final int offset = raw.length() - raw.stripLeading().length();
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < '!' || c > '~') {
                return Optional.of(name + " must contain only visible ASCII characters: found " + kind(c) + " at position " + position(raw, offset + i));
            }
        }
        return Optional.empty();
    }

    private static ValidationResult validateBaseUrl(final String subject, final String input, final ValidationContext context) {
        final String value = context.newPropertyValue(input).evaluateAttributeExpressions().getValue();
        final String problem = baseUrlProblem(value);
        return new ValidationResult.Builder()
                .subject(subject)
                .input(problem == null ? value : safeToShow(value))
                .valid(problem == null)
                .explanation(problem == null ? null : subject + " " + problem)
                .build();
    }

    /** To follow the property's name; null when {@code value} is a valid Base URL. */
    static String baseUrlProblem(final String value) {
        final String url = value == null ? "" : value.strip();
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i))) {
                return "must not contain control characters: found " + kind(url.charAt(i)) + " at position " + position(url, i);
            }
        }
        final URI uri;
        try {
            uri = new URI(url);
        } catch (final URISyntaxException e) {
            // The reason names the offending character and its index, never the text around it.
            return "is not a valid URL: " + e.getReason() + " at index " + e.getIndex();
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain user info (user:password@): the API key is the only credential, and a password in a URL ends up in logs";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not contain a query (?...) or fragment (#...): a query may hold a secret and is not sent to the API";
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an absolute https URL such as https://open-api.saleshandy.com";
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return "must use https: plain http is only allowed to a loopback host (localhost, 127.0.0.1, [::1]), so the API key is never sent unencrypted";
        }
        return null;
    }

    /** Never the user info, query or fragment, nor text that did not parse. */
    static String safeToShow(final String value) {
        try {
            final URI uri = new URI(value == null ? "" : value.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(not shown)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (final URISyntaxException e) {
            return "(not shown)";
        }
    }

    private static boolean isLoopback(final String host) {
        final String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are judged; a name is never resolved here, so validation does no DNS look-up.
        if (!bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (final UnknownHostException e) {
            return false;
        }
    }

    /** In words that do not reveal {@code c} unless it is whitespace or a control character. */
    private static String kind(final char c) {
        return switch (c) {
            case '\n', '\r' -> "a line break";
            case '\t' -> "a tab";
            case ' ' -> "a space";
            case 0 -> "a NUL character";
            case DEL -> "a DEL character";
            default -> Character.isISOControl(c) ? "a control character" : "a non-ASCII character";
        };
    }

    /** 1-based, in code points as a user counts, not UTF-16 units. */
    private static int position(final String text, final int index) {
        return text.codePointCount(0, index) + 1;
    }
}
