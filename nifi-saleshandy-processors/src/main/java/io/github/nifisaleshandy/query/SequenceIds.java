package io.github.nifisaleshandy.query;

import io.github.nifisaleshandy.client.CarriableText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the "Sequence IDs" property: IDs separated by commas and/or whitespace, duplicates dropped, order kept. Control
 * characters other than whitespace (NUL, DEL, ...) are rejected: no sequence ID holds one, and the value may come from a
 * FlowFile attribute, so it is checked here, when the run reads it, as well as when the processor is validated.
 */
public final class SequenceIds {

    public static final String PROPERTY = "Sequence IDs";

    private static final Pattern SEPARATOR = Pattern.compile("\\s*,\\s*|\\s+");

    private SequenceIds() {
    }

    public static List<String> parse(final String value) throws InvalidQueryException {
        final String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidQueryException(PROPERTY + " must name at least one sequence ID");
        }
        final Optional<String> uncarriable = CarriableText.controlCharacterProblem(PROPERTY, value, true);
        if (uncarriable.isPresent()) {
            throw new InvalidQueryException(uncarriable.get());
        }
        final String[] entries = SEPARATOR.split(trimmed, -1);
        final Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isEmpty()) {
                throw new InvalidQueryException(PROPERTY + " has an empty entry (entry " + (i + 1)
                        + "): separate IDs with a single comma or whitespace");
            }
            unique.add(entries[i]);
        }
        return new ArrayList<>(unique);
    }
}
