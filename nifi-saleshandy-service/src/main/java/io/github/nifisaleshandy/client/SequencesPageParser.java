package io.github.nifisaleshandy.client;

import static io.github.nifisaleshandy.client.ResponseText.expect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code {"payload": [ sequence, ... ]}} into {@link Sequence}s in one streaming pass; unknown fields are skipped. */
public final class SequencesPageParser {

    private final JsonFactory jsonFactory;

    public SequencesPageParser(final JsonFactory jsonFactory) {
        this.jsonFactory = jsonFactory;
    }

    /** Any bytes that are not a page are a {@link Failure#MALFORMED_RESPONSE}, never another exception. */
    public SequencesPage parse(final int pageNumber, final byte[] received) throws SaleshandyApiException {
        final String label = "Sequences page " + pageNumber;
        return new SequencesPage(pageNumber, ResponseText.payload(jsonFactory, received, label, "array", (parser, body) -> readPayload(parser, label)));
    }

    private static List<Sequence> readPayload(final JsonParser parser, final String label) throws IOException, SaleshandyApiException {
        expect(parser.currentToken() == JsonToken.START_ARRAY, label, "'payload' is not an array");
        final List<Sequence> sequences = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            sequences.add(readSequence(parser, label + ": 'payload[" + sequences.size() + "]'"));
        }
        return sequences;
    }

    private static Sequence readSequence(final JsonParser parser, final String where) throws IOException, SaleshandyApiException {
        expect(parser.currentToken() == JsonToken.START_OBJECT, where, "is not an object");
        String id = null;
        String title = null;
        Boolean active = null;
        List<Sequence.Step> steps = List.of();
        Sequence.Client client = null;
        Sequence.Owner owner = null;
        for (String field = nextField(parser); field != null; field = nextField(parser)) {
            final JsonToken value = parser.currentToken();
            switch (field) {
                case "id" -> id = text(parser, where, field);
                case "title" -> title = text(parser, where, field);
                case "active" -> {
                    expect(value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE, where, "'active' is not a boolean");
                    active = value == JsonToken.VALUE_TRUE;
                }
                case "steps" -> steps = readSteps(parser, where);
                case "client" -> client = readClient(parser, where);
                case "user" -> owner = readOwner(parser, where);
                default -> parser.skipChildren();
            }
        }
        expect(id != null && !id.isEmpty(), where, "has no 'id'");
        expect(active != null, where, "has no 'active' flag");
        return new Sequence(id, title, active, steps, client, owner);
    }

    private static List<Sequence.Step> readSteps(final JsonParser parser, final String where) throws IOException, SaleshandyApiException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(parser.currentToken() == JsonToken.START_ARRAY, where, "'steps' is not an array");
        final List<Sequence.Step> steps = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            final String step = where + " 'steps[" + steps.size() + "]'";
            expect(parser.currentToken() == JsonToken.START_OBJECT, step, "is not an object");
            final String[] texts = texts(parser, step, "", "id", "name");
            steps.add(new Sequence.Step(texts[0], texts[1]));
        }
        return steps;
    }

    private static Sequence.Client readClient(final JsonParser parser, final String where) throws IOException, SaleshandyApiException {
        if (!atObject(parser, where, "'client'")) {
            return null;
        }
        final String[] texts = texts(parser, where, "client.", "id", "companyName", "firstName", "lastName");
        return new Sequence.Client(texts[0], texts[1], texts[2], texts[3]);
    }

    private static Sequence.Owner readOwner(final JsonParser parser, final String where) throws IOException, SaleshandyApiException {
        if (!atObject(parser, where, "'user'")) {
            return null;
        }
        Long id = null;
        String firstName = null;
        String lastName = null;
        String email = null;
        for (String field = nextField(parser); field != null; field = nextField(parser)) {
            switch (field) {
                case "id" -> id = wholeNumber(parser, where, "user.id");
                case "firstName" -> firstName = text(parser, where, "user.firstName");
                case "lastName" -> lastName = text(parser, where, "user.lastName");
                case "email" -> email = text(parser, where, "user.email");
                default -> parser.skipChildren();
            }
        }
        return new Sequence.Owner(id, firstName, lastName, email);
    }

    /** Whether the parser is at an object, not at a null; {@code what} is malformed when it is neither. */
    private static boolean atObject(final JsonParser parser, final String where, final String what) throws SaleshandyApiException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        expect(parser.currentToken() == JsonToken.START_OBJECT, where, what + " is not an object");
        return true;
    }

    /** The fields {@code names} of the object the parser is at, as text (null when absent), others skipped; {@code prefix} names them in messages. */
    private static String[] texts(final JsonParser parser, final String where, final String prefix, final String... names)
            throws IOException, SaleshandyApiException {
        final List<String> known = List.of(names);
        final String[] texts = new String[names.length];
        for (String field = nextField(parser); field != null; field = nextField(parser)) {
            final int index = known.indexOf(field);
            if (index < 0) {
                parser.skipChildren();
            } else {
                texts[index] = text(parser, where, prefix + field);
            }
        }
        return texts;
    }

    /** With the parser moved to the field's value; null at the end of the object. */
    private static String nextField(final JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        final String field = parser.currentName();
        parser.nextToken();
        return field;
    }

    /** A string, number or null as text; an object or array is not a value the field can hold. */
    private static String text(final JsonParser parser, final String where, final String field) throws IOException, SaleshandyApiException {
        final JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token.isScalarValue(), where, "'" + field + "' is not a single value");
        return parser.getText();
    }

    /** A whole number, also when sent as text (the API has been seen to differ from its docs). */
    private static Long wholeNumber(final JsonParser parser, final String where, final String field) throws IOException, SaleshandyApiException {
        final JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        expect(token == JsonToken.VALUE_STRING && parser.getText().strip().matches("-?\\d{1,18}"), where, "'" + field + "' is not a whole number");
        return Long.parseLong(parser.getText().strip());
    }
}
