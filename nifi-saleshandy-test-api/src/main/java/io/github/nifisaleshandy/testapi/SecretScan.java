package io.github.nifisaleshandy.testapi;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.TestRunner;

/**
 * Everything a NiFi user can see of a run, as text: log lines (bulletins are the WARN and ERROR ones, with their
 * exceptions' messages and causes), FlowFile attributes, and provenance events; and the check that a secret is in none
 * of them, as it is or encoded as a server or library may echo it (Base64, percent-encoded, JSON backslash-u escapes).
 */
public final class SecretScan {

    private SecretScan() {
    }

    /** Asserts that {@code secret}, in any of its {@link #forms}, is in nothing {@code runner} showed, which was something; returns what it showed. */
    public static List<String> assertNeverShown(final TestRunner runner, final String secret) {
        final List<String> shown = shownBy(runner);
        assertFalse(shown.isEmpty());
        shown.forEach(line -> assertNotIn(line, secret));
        return shown;
    }

    /** Asserts that no form of {@code secret} is in {@code text}. */
    public static void assertNotIn(final String text, final String secret) {
        for (final String form : forms(secret)) {
            assertFalse(text.contains(form), "the secret (as " + form.length() + " characters of an encoded form) is in: " + text);
        }
    }

    /** {@code secret} as it is and as a server or library may echo it. */
    public static Set<String> forms(final String secret) {
        final byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        final Set<String> forms = new LinkedHashSet<>(List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                Base64.getEncoder().withoutPadding().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
        final StringBuilder escaped = new StringBuilder();
        secret.chars().forEach(c -> escaped.append("\\u%04x".formatted(c)));
        forms.add(escaped.toString());
        return forms;
    }

    /** An exception as a log shows it: its own text, its causes' and its suppressed exceptions'. */
    private static void appendChain(final StringBuilder text, final Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(' ').append(cause);
            for (final Throwable suppressed : cause.getSuppressed()) {
                appendChain(text, suppressed);
            }
        }
    }

    public static List<String> shownBy(final TestRunner runner) {
        final List<String> shown = new ArrayList<>();
        final MockComponentLog log = runner.getLogger();
        for (final List<LogMessage> level : List.of(log.getErrorMessages(), log.getWarnMessages(), log.getInfoMessages(), log.getDebugMessages())) {
            for (final LogMessage message : level) {
                final StringBuilder text = new StringBuilder(message.getMsg());
                if (message.getArgs() != null) {
                    for (final Object argument : message.getArgs()) {
                        if (argument instanceof Throwable thrown) {
                            appendChain(text, thrown);
                        } else {
                            text.append(' ').append(argument);
                        }
                    }
                }
                appendChain(text, message.getThrowable());
                shown.add(text.toString());
            }
        }
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            runner.getFlowFilesForRelationship(relationship).forEach(flowFile -> shown.add(flowFile.getAttributes().toString()));
        }
        runner.getProvenanceEvents().forEach(event -> shown.add(event + " " + event.getTransitUri() + " " + event.getDetails() + " "
                + event.getAttributes()));
        return shown;
    }
}
