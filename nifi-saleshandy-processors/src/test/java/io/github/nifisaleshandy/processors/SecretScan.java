package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.TestRunner;

/**
 * Everything a NiFi user can see of a run, as text: log lines (bulletins are the WARN and ERROR ones, with their
 * exceptions' messages), FlowFile attributes, and provenance events.
 */
final class SecretScan {

    private SecretScan() {
    }

    /** Asserts that {@code secret} is in nothing {@code runner} showed, which was something; returns what it showed. */
    static List<String> assertNeverShown(final TestRunner runner, final String secret) {
        final List<String> shown = shownBy(runner);
        assertFalse(shown.isEmpty());
        shown.forEach(line -> assertFalse(line.contains(secret), line));
        return shown;
    }

    static List<String> shownBy(final TestRunner runner) {
        final List<String> shown = new ArrayList<>();
        final MockComponentLog log = runner.getLogger();
        for (final List<LogMessage> level : List.of(log.getErrorMessages(), log.getWarnMessages(), log.getInfoMessages(), log.getDebugMessages())) {
            for (final LogMessage message : level) {
                final StringBuilder text = new StringBuilder(message.getMsg());
                if (message.getArgs() != null) {
                    for (final Object argument : message.getArgs()) {
                        text.append(' ').append(argument);
                    }
                }
                for (Throwable cause = message.getThrowable(); cause != null; cause = cause.getCause()) {
                    text.append(' ').append(cause);
                }
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
