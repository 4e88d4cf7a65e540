package io.github.nifisaleshandy.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces a secret with {@code ****} as is, JSON-escaped, percent-encoded or Base64-encoded (either alphabet, padded or not). */
public final class SecretMask {

    public static final String MASK = "****";

    private final Pattern pattern;

    public SecretMask(final String secret) {
        this.pattern = secret == null || secret.isEmpty() ? null : Pattern.compile(alternatives(secret));
    }

    public String mask(final String text) {
        if (pattern == null || text == null) {
            return text;
        }
        return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    private static String alternatives(final String secret) {
        final Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        final byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        final List<String> longestFirst = new ArrayList<>(forms);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        final List<String> patterns = new ArrayList<>();
        for (final String form : longestFirst) {
            patterns.add(anyEncodingOf(form));
        }
        return String.join("|", patterns);
    }

    /** A pattern matching {@code text} with each character in any of its encodings. */
    private static String anyEncodingOf(final String text) {
        final StringBuilder pattern = new StringBuilder();
        text.codePoints().forEach(codePoint -> pattern.append(anyEncodingOf(codePoint)));
        return pattern.toString();
    }

    private static String anyEncodingOf(final int codePoint) {
        final List<String> ways = new ArrayList<>();
        ways.add(Pattern.quote(Character.toString(codePoint)));
        final StringBuilder jsonEscape = new StringBuilder();
        for (final char unit : Character.toChars(codePoint)) {
            jsonEscape.append("\\\\u").append(hexInAnyCase("%04x".formatted((int) unit)));
        }
        ways.add(jsonEscape.toString());
        if (codePoint == '/' || codePoint == '"' || codePoint == '\\') {
            ways.add("\\\\" + Pattern.quote(Character.toString(codePoint)));
        }
        final StringBuilder percent = new StringBuilder();
        for (final byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
            percent.append('%').append(hexInAnyCase("%02x".formatted(b & 0xff)));
        }
        ways.add(percent.toString());
        return "(?:" + String.join("|", ways) + ")";
    }

    private static String hexInAnyCase(final String hex) {
        final StringBuilder pattern = new StringBuilder();
        for (final char digit : hex.toCharArray()) {
            pattern.append(Character.isLetter(digit) ? "[" + Character.toLowerCase(digit) + Character.toUpperCase(digit) + "]" : digit);
        }
        return pattern.toString();
    }
}
