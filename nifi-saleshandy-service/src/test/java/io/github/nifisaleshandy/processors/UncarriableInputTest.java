package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.nifisaleshandy.testapi.StatsPages;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that HTTP cannot carry in a header, a URL or a body: the processor is invalid, or the FlowFile fails, with a
 * message naming the property, the rule and the position, and never a character of the key.
 */
class UncarriableInputTest extends StatsFixture {

    private static final String FIRST_LINE = "sh-live-7Qz9xK2mP4a";
    private static final String SECOND_LINE = "9f3QZt7wXy";
    /** A key with a line break at position 20, as a paste of two lines gives. */
    private static final String KEY_WITH_LINE_BREAK = FIRST_LINE + "\n" + SECOND_LINE;
    private static final String KEY_PROBLEM = "API Key must contain only visible ASCII characters: found a line break at position 20";

    UncarriableInputTest() {
        super(StatsRunners::fetching);
    }

    @Test
    void aKeyWithALineBreakInsideMakesTheProcessorInvalidWithoutShowingTheKey() {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY_WITH_LINE_BREAK);

        final ValidationResult invalid = onlyProblem(runner);

        assertEquals(SaleshandyProperties.API_KEY.getName(), invalid.getSubject());
        assertEquals(KEY_PROBLEM, invalid.getExplanation());
        assertNull(invalid.getInput(), "a sensitive value is never a validation result's input");
        SecretScan.assertNotIn(invalid.toString(), FIRST_LINE);
        SecretScan.assertNotIn(invalid.toString(), SECOND_LINE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a space", "a tab", "a NUL character", "a DEL character", "a non-ASCII character"})
    void aKeyWithAnyCharacterButVisibleAsciiInsideIsInvalid(final String kind) {
        final String inside = switch (kind) {
            case "a space" -> " ";
            case "a tab" -> "\t";
            case "a NUL character" -> "\0";
            case "a DEL character" -> "\u007f";
            default -> "\u00e9";
        };
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, "abc" + inside + "def");

        assertEquals("API Key must contain only visible ASCII characters: found " + kind + " at position 4", onlyProblem(runner).getExplanation());
    }

    @Test
    void aKeyPastedWithALineBreakAfterItIsTrimmedAndSentWithoutIt() throws Exception {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, " " + KEY + "\r\n");
        runner.assertValid();
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 2, false)).build());

        runner.enqueue("", Map.of("ids", "seqA"));
        runner.run();

        assertEquals(KEY, server.takeRequest().getHeaders().get("x-api-key"));
        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
    }

    @Test
    void verifySaysWhatValidationSaysAndSendsNothing() {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY_WITH_LINE_BREAK);

        final List<ConfigVerificationResult> results = Verification.verify(runner, SECOND_LINE, Map.of("ids", "seqA"));

        assertEquals(1, results.size(), results.toString());
        assertEquals(Outcome.FAILED, results.getFirst().getOutcome());
        assertEquals(SaleshandyProperties.CONNECTION.getName(), results.getFirst().getVerificationStepName(), "the service cannot be enabled");
        assertEquals(KEY_PROBLEM, onlyProblem(runner).getExplanation());
        assertEquals(0, server.getRequestCount());
        SecretScan.assertNotIn(SecretScan.shownBy(runner).toString(), SECOND_LINE);
    }

    @Test
    void verifyOfTheListerSaysTheSame() {
        final TestRunner lister = StatsRunners.listing(server, CLOCK, sleeper);
        StatsRunners.setConnectionProperty(lister, SaleshandyProperties.API_KEY, KEY_WITH_LINE_BREAK);

        final List<ConfigVerificationResult> results = Verification.verify(lister, SECOND_LINE, Map.of());

        assertEquals(List.of(SaleshandyProperties.CONNECTION.getName()), results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        assertEquals(KEY_PROBLEM, onlyProblem(lister).getExplanation());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aBaseUrlWithALineBreakInsideIsInvalid() {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, "https://open-api.\nsaleshandy.com");

        assertEquals("Base URL must not contain control characters: found a line break at position 18", onlyProblem(runner).getExplanation());
    }

    @Test
    void sequenceIdsWithANulCharacterAreInvalid() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "seqA,se\0qB");

        assertEquals("Sequence IDs must not contain control characters: found a NUL character at position 8", onlyProblem(runner).getExplanation());
    }

    @Test
    void sequenceIdsFromAnAttributeWithAControlCharacterFailTheFlowFileWithTheSameWords() {
        runner.enqueue("", Map.of("ids", "seqA\u007f"));
        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(StatsRelationships.FAILURE).getFirst();
        assertEquals("INVALID_CONFIGURATION", failed.getAttribute(SaleshandyAttributes.ERROR_TYPE));
        assertEquals("Sequence IDs must not contain control characters: found a DEL character at position 5",
                failed.getAttribute(SaleshandyAttributes.ERROR_MESSAGE));
        assertEquals(0, server.getRequestCount());
        SecretScan.assertNeverShown(runner, KEY);
    }

    @Test
    void listerFiltersWithControlCharactersAreInvalid() {
        final TestRunner lister = StatsRunners.listing(server, CLOCK, sleeper);
        assertListerProblem(lister, SaleshandyProperties.SEQUENCE_NAME_FILTER, "Onboarding\tQ3",
                "Sequence Name Filter must not contain control characters: found a tab at position 11");
        lister.removeProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER);
        assertListerProblem(lister, SaleshandyProperties.CLIENT_IDS, "c1, c\u00002",
                "Client IDs must not contain control characters: found a NUL character at position 6");
    }

    @Test
    void listerFiltersWithNonAsciiTextOrLineBreaksBetweenIdsAreValid() {
        final TestRunner lister = StatsRunners.listing(server, CLOCK, sleeper);
        lister.setProperty(SaleshandyProperties.SEQUENCE_NAME_FILTER, "Relance été");
        lister.setProperty(SaleshandyProperties.CLIENT_IDS, "c1\nc2");

        lister.assertValid();
    }

    private static void assertListerProblem(final TestRunner lister, final PropertyDescriptor property, final String value, final String problem) {
        lister.setProperty(property, value);
        final ValidationResult invalid = onlyProblem(lister);
        assertEquals(property.getName(), invalid.getSubject());
        assertEquals(problem, invalid.getExplanation());
    }

    private static ValidationResult onlyProblem(final TestRunner runner) {
        final Collection<ValidationResult> problems = StatsRunners.problems(runner);
        assertEquals(1, problems.size(), problems.toString());
        final ValidationResult problem = problems.iterator().next();
        assertFalse(problem.isValid());
        return problem;
    }
}
