package io.github.nifisaleshandy.client;

import java.util.Optional;

/**
 * The characters HTTP can carry in a request, checked before a value is sent: a header value (the API key) must be
 * visible ASCII, and a value that goes into a URL or a request body must hold no control characters. Every problem names
 * the property, the rule, what kind of character broke it and where (counting from 1), but never a character of the
 * value itself, since the value may be a secret.
 */
public final class CarriableText {

    private static final char FIRST_VISIBLE = '!';
    private static final char LAST_VISIBLE = '~';
    private static final char DEL = 0x7f;
    /** The control characters that {@code \s} matches in a regular expression: they separate the entries of a list of IDs. */
    private static final String SEPARATING_CONTROLS = "\t\n\u000b\f\r";

    private CarriableText() {
    }

    /**
     * The header value a user meant: without surrounding whitespace, since a key pasted with a trailing line break is the
     * most common mistake and whitespace is never part of a key.
     */
    public static String headerValue(final String raw) {
        return raw == null ? null : raw.strip();
    }

    /** Why {@code raw}, once {@link #headerValue stripped}, cannot be sent as a header value; empty when it can (or is empty). */
    public static Optional<String> headerValueProblem(final String property, final String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        final String value = headerValue(raw);
        final int offset = raw.length() - raw.stripLeading().length();
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < FIRST_VISIBLE || c > LAST_VISIBLE) {
                return Optional.of(property + " must contain only visible ASCII characters: found " + kind(c) + " at position "
                        + position(raw, offset + i));
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code value} cannot go into a URL or a request body: a control character (or DEL). With {@code whitespaceSeparates},
     * tabs and line breaks are allowed, for values such as lists of IDs where any whitespace separates entries.
     */
    public static Optional<String> controlCharacterProblem(final String property, final String value, final boolean whitespaceSeparates) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isISOControl(c) && !(whitespaceSeparates && SEPARATING_CONTROLS.indexOf(c) >= 0)) {
                return Optional.of(property + " must not contain control characters: found " + kind(c) + " at position " + position(value, i));
            }
        }
        return Optional.empty();
    }

    /** What kind of character {@code c} is, in words that do not reveal it unless it is whitespace or a control character. */
    private static String kind(final char c) {
        if (c == '\n' || c == '\r') {
            return "a line break";
        }
        if (c == '\t') {
            return "a tab";
        }
        if (c == ' ') {
            return "a space";
        }
        if (c == 0) {
            return "a NUL character";
        }
        if (c == DEL) {
            return "a DEL character";
        }
        return Character.isISOControl(c) ? "a control character" : "a non-ASCII character";
    }

    /** The 1-based position of the character at {@code index}, counting characters as a user does (code points, not UTF-16 units). */
    private static int position(final String text, final int index) {
        return text.codePointCount(0, index) + 1;
    }
}
