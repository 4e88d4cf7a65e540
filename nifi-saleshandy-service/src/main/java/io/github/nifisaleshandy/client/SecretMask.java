package io.github.nifisaleshandy.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Replaces a secret with {@code ****} as is, JSON-escaped, percent-encoded or Base64-encoded (either alphabet, padded or not). */
public final class SecretMask {

    public static final String MASK = "****";

    private final Pattern pattern;

    public SecretMask(final String secret) {
        this.pattern = secret == null || secret.isEmpty() ? null : Pattern.compile(alternatives(secret));
    }

    public String mask(final String text) {
        return pattern == null || text == null ? text : pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MASK));
    }

    /** Every form of the secret, each character in any of its encodings: longest first, so that a form containing another is masked whole. */
    private static String alternatives(final String secret) {
        final byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        return Stream.of(secret, Base64.getEncoder().encodeToString(bytes), Base64.getEncoder().withoutPadding().encodeToString(bytes),
                        Base64.getUrlEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
                .distinct().sorted(Comparator.comparingInt(String::length).reversed())
                .map(form -> form.codePoints().mapToObj(SecretMask::anyEncodingOf).collect(Collectors.joining()))
                .collect(Collectors.joining("|"));
    }

    private static String anyEncodingOf(final int codePoint) {
        final List<String> ways = new ArrayList<>();
        ways.add(Pattern.quote(Character.toString(codePoint)));
        final StringBuilder jsonEscape = new StringBuilder();
        for (final char unit : Character.toChars(codePoint)) {
            jsonEscape.append("\\\\u(?i:%04x)".formatted((int) unit));
        }
        ways.add(jsonEscape.toString());
        if (codePoint == '/' || codePoint == '"' || codePoint == '\\') {
            ways.add("\\\\" + Pattern.quote(Character.toString(codePoint)));
        }
        final StringBuilder percent = new StringBuilder();
        for (final byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
            percent.append("%%(?i:%02x)".formatted(b & 0xff));
        }
        ways.add(percent.toString());
        return "(?:" + String.join("|", ways) + ")";
    }
}
