package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.CarriableText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Reads the "Client IDs" property: IDs separated by commas and/or whitespace, duplicates dropped, order kept; empty means
 * no client filter. Also its validator, which names the empty entry of a value such as {@code a,,b}, or the position of a
 * control character that a URL cannot carry.
 */
final class ClientIds implements Validator {

    static final ClientIds VALIDATOR = new ClientIds();

    private static final Pattern SEPARATOR = Pattern.compile("\\s*,\\s*|\\s+");

    static List<String> parse(final String value) {
        final String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        CarriableText.controlCharacterProblem("Client IDs", value, true).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        final String[] entries = SEPARATOR.split(trimmed, -1);
        final LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isEmpty()) {
                throw new IllegalArgumentException("Client IDs has an empty entry (entry " + (i + 1) + "): separate IDs with a single comma or whitespace");
            }
            unique.add(entries[i]);
        }
        return new ArrayList<>(unique);
    }

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        try {
            parse(context.newPropertyValue(input).evaluateAttributeExpressions().getValue());
            return result.valid(true).build();
        } catch (final IllegalArgumentException e) {
            return result.valid(false).explanation(e.getMessage()).build();
        }
    }
}
