package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.testapi.SequencePages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SequencesPageParserTest {

    private static final String DOCUMENTED = """
            {"message": "Sequences fetched", "payload": [ {"id": "JA5YdAr9wy", "title": "Sample Sequence", "active": true,
              "steps": [{"id": "bwOLEx4l8G", "name": "Step 1"}],
              "client": {"id": "c1", "companyName": "Acme", "firstName": "Ann", "lastName": "Lee"},
              "user": {"id": 1, "firstName": "Sam", "lastName": "Ray", "email": "sam@example.com"}, "createdAt": "2024-01-01"} ]}""";

    private final SequencesPageParser parser = new SequencesPageParser(new JsonFactory());

    @Test
    void readsTheDocumentedAnswerIntoTypedSequences() throws Exception {
        final SequencesPage page = parse(DOCUMENTED);

        assertEquals(List.of(new Sequence("JA5YdAr9wy", "Sample Sequence", true, List.of(new Sequence.Step("bwOLEx4l8G", "Step 1")),
                new Sequence.Client("c1", "Acme", "Ann", "Lee"), new Sequence.Owner(1L, "Sam", "Ray", "sam@example.com"))), page.sequences());
        assertEquals(4, page.pageNumber());
    }

    @Test
    void acceptsAMissingOrNullClientStepsAndUserAndAnOwnerIdAsText() throws Exception {
        final SequencesPage page = parse("""
                {"payload": [{"id": "a", "title": null, "active": false},
                             {"id": "b", "title": "B", "active": true, "steps": null, "client": null, "user": {"id": "42"}}]}""");

        assertEquals(new Sequence("a", null, false, List.of(), null, null), page.sequences().get(0));
        assertEquals(new Sequence("b", "B", true, List.of(), null, new Sequence.Owner(42L, null, null, null)), page.sequences().get(1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32", "UTF-8 with BOM"})
    void readsAnAnswerInAnyJsonEncodingLikeUtf8(final String encoding) throws Exception {
        final SequencesPage page = parser.parse(4, AnyBytes.encode(DOCUMENTED, encoding));

        assertEquals(parse(DOCUMENTED), page);
    }

    @Test
    void thousandsOfMutatedBodiesGiveAPageOrAMalformedResponseOnly() {
        final AnyBytes mutations = new AnyBytes(SequencePages.page(1, 3), 20261127L);
        int pages = 0;
        int malformed = 0;
        for (int i = 0; i < 3000; i++) {
            try {
                parser.parse(4, mutations.next());
                pages++;
            } catch (final SaleshandyApiException e) {
                assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure(), e.getMessage());
                assertTrue(e.getMessage().startsWith("Sequences page 4: "), e.getMessage());
                malformed++;
            }
        }
        assertTrue(pages > 100 && malformed > 1000, pages + " pages, " + malformed + " malformed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[]|the response is not a JSON object",
        "{\"message\":\"ok\"}|the response has no 'payload' array",
        "{\"payload\":{\"data\":[]}}|'payload' is not an array",
        "{\"payload\":[1]}|'payload[0]': is not an object",
        "{\"payload\":[{\"title\":\"x\",\"active\":true}]}|'payload[0]': has no 'id'",
        "{\"payload\":[{\"id\":\"x\"}]}|'payload[0]': has no 'active' flag",
        "{\"payload\":[{\"id\":\"x\",\"active\":\"yes\"}]}|'active' is not a boolean",
        "{\"payload\":[{\"id\":\"x\",\"active\":true,\"steps\":{}}]}|'steps' is not an array",
        "{\"payload\":[{\"id\":\"x\",\"active\":true,\"user\":{\"id\":\"one\"}}]}|'user.id' is not a whole number",
        "{\"payload\":[{\"id\":\"x\",\"active\":true,\"title\":[]}]}|'title' is not a single value",
        "{\"payload\":[]} {}|unexpected content after the JSON object",
        "{\"payload\":[|the response is not valid JSON"
    })
    void anythingElseIsAMalformedResponseSayingWhatIsWrong(final String body, final String problem) {
        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> parse(body));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertTrue(e.getMessage().startsWith("Sequences page 4: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void anEmptyPayloadIsAnEmptyPage() throws Exception {
        final SequencesPage page = parse("{\"message\":\"ok\",\"payload\":[]}");

        assertEquals(List.of(), page.sequences());
    }

    private SequencesPage parse(final String body) throws SaleshandyApiException {
        return parser.parse(4, body.getBytes(StandardCharsets.UTF_8));
    }
}
