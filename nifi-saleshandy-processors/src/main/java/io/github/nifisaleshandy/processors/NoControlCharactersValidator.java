package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.CarriableText;
import java.util.Optional;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Rejects a value, after Environment Expression Language, holding a control character (a tab, a line break, NUL, DEL, ...):
 * for values sent in a URL, such as the Sequence Name Filter, where one is always a paste mistake.
 */
final class NoControlCharactersValidator implements Validator {

    static final NoControlCharactersValidator INSTANCE = new NoControlCharactersValidator();

    private NoControlCharactersValidator() {
    }

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final String value = context.newPropertyValue(input).evaluateAttributeExpressions().getValue();
        final Optional<String> problem = CarriableText.controlCharacterProblem(subject, value, false);
        return new ValidationResult.Builder().subject(subject).input(problem.isEmpty() ? value : null).valid(problem.isEmpty())
                .explanation(problem.orElse(null)).build();
    }
}
