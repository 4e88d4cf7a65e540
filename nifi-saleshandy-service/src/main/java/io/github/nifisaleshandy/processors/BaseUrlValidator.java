package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.CarriableText;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Accepts an absolute {@code https} URL, or {@code http} only to a loopback host (local fakes and tests), so that the
 * API key never crosses a network in clear text. A URL with user info or a query is rejected, and since either may hold a
 * secret, the value is never echoed: NiFi shows a validation result's input to the user and in bulletins.
 */
final class BaseUrlValidator implements Validator {

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final String value = context.newPropertyValue(input).evaluateAttributeExpressions().getValue();
        final String problem = problem(value);
        return new ValidationResult.Builder()
                .subject(subject)
                .input(problem == null ? value : safeToShow(value))
                .valid(problem == null)
                .explanation(problem == null ? null : subject + " " + problem)
                .build();
    }

    static String problem(final String value) {
        final Optional<String> uncarriable = CarriableText.controlCharacterProblem("", value == null ? "" : value.strip(), false);
        if (uncarriable.isPresent()) {
            // Named by the caller, which puts the property's name first.
            return uncarriable.get().strip();
        }
        final URI uri;
        try {
            uri = new URI(value == null ? "" : value.strip());
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

    /** The scheme, host, port and path of a rejected URL: never its user info, query or fragment, nor text that did not parse. */
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
}
