package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.CarriableText;
import io.github.nifisaleshandy.client.SaleshandyAccount;
import io.github.nifisaleshandy.client.SecretMask;
import java.util.Optional;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.context.PropertyContext;

/**
 * Accepts an API key that HTTP can carry in the x-api-key header: visible ASCII, once surrounding whitespace (a pasted
 * trailing line break) is trimmed. The result never carries the key, not even its rejected characters: NiFi shows a
 * validation result's input to the user and in bulletins.
 */
final class ApiKeyValidator implements Validator {

    static final ApiKeyValidator INSTANCE = new ApiKeyValidator();

    private ApiKeyValidator() {
    }

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final Optional<String> problem = problem(input);
        return new ValidationResult.Builder().subject(subject).valid(problem.isEmpty()).explanation(problem.orElse(null)).build();
    }

    /** Why {@code raw} cannot be used as the key, naming the property and the rule but no character of the key. */
    static Optional<String> problem(final String raw) {
        final String name = SaleshandyProperties.API_KEY.getName();
        if (raw == null || raw.isBlank()) {
            return Optional.of(name + " must not be empty");
        }
        return CarriableText.headerValueProblem(name, raw);
    }

    /** The key as sent: the property's value without surrounding whitespace. */
    static String value(final PropertyContext context) {
        return CarriableText.headerValue(context.getProperty(SaleshandyProperties.API_KEY).getValue());
    }

    /**
     * Masks the key as sent wherever a text shows it, in any of the forms a server or library may echo it: the key of the
     * connection service a processor names, or a service's own.
     */
    static SecretMask mask(final PropertyContext context) {
        if (context.getProperty(SaleshandyProperties.CONNECTION).isSet()) {
            return Connections.account(context).map(SaleshandyAccount::secretMask).orElse(new SecretMask(null));
        }
        return new SecretMask(value(context));
    }
}
