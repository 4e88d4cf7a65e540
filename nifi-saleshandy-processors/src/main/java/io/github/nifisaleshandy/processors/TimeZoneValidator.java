package io.github.nifisaleshandy.processors;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Accepts a time zone ID such as {@code UTC}, {@code Europe/Berlin} or {@code +05:30}.
 */
final class TimeZoneValidator implements Validator {

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input);
        try {
            ZoneId.of(input.strip());
            return result.valid(true).build();
        } catch (final DateTimeException e) {
            return result.valid(false).explanation(subject + " '" + input + "' is not a time zone ID such as UTC, Europe/Berlin or +05:30").build();
        }
    }
}
