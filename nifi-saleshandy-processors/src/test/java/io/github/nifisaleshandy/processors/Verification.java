package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.util.TestRunner;

/** NiFi's "Verify" on a runner's processor, and the check of its results step by step. */
final class Verification {

    private Verification() {
    }

    /** The results of verifying with {@code attributes}, each checked not to show {@code key}. */
    static List<ConfigVerificationResult> verify(final TestRunner runner, final String key, final Map<String, String> attributes) {
        final List<ConfigVerificationResult> results = ((VerifiableProcessor) runner.getProcessor())
                .verify(runner.getProcessContext(), runner.getLogger(), attributes);
        results.forEach(result -> assertFalse(result.getExplanation().contains(key), result.getExplanation()));
        return results;
    }

    /** Asserts that the results are the named steps, in order, with the expected outcomes. */
    static void assertOutcomes(final List<ConfigVerificationResult> results, final List<String> steps, final Outcome... expected) {
        assertEquals(steps, results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        assertEquals(List.of(expected), results.stream().map(ConfigVerificationResult::getOutcome).toList(), results.toString());
    }

    /** The URL of a local port nothing listens on. */
    static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
