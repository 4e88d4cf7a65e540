package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The human text of an error body, in each shape Saleshandy answers with: {@code {"message": "..."}}, the NestJS
 * validation shape {@code {"statusCode": 400, "message": ["a", "b"]}} (joined with "; "), and its gateway's
 * {@code {"error": ..., "error_code": ..., "error_message": "..."}} (shown as "error_message (error_code)").
 */
final class ApiErrorText {

    private final List<String> messages = new ArrayList<>();
    private String errorMessage;
    private String errorCode;
    private String error;

    private ApiErrorText() {
    }

    /** Empty when the body is not a JSON object with one of the known fields. */
    static Optional<String> of(final JsonFactory jsonFactory, final String body) {
        final ApiErrorText text = new ApiErrorText();
        try (JsonParser parser = jsonFactory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                text.read(parser.currentName(), parser);
            }
        } catch (final IOException notJsonOrCutShort) {
            // Fields read before the problem still say what went wrong; with none, the caller shows the body itself.
        }
        return text.human();
    }

    private void read(final String field, final JsonParser parser) throws IOException {
        final JsonToken value = parser.nextToken();
        if (value == null) {
            return;
        }
        switch (field) {
            case "message" -> {
                if (value == JsonToken.START_ARRAY) {
                    JsonToken item;
                    while ((item = parser.nextToken()) != JsonToken.END_ARRAY && item != null) {
                        if (item.isScalarValue()) {
                            messages.add(parser.getText());
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    messages.add(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
            case "error_message" -> errorMessage = scalar(parser, value);
            case "error_code" -> errorCode = scalar(parser, value);
            case "error" -> error = scalar(parser, value);
            default -> parser.skipChildren();
        }
    }

    private static String scalar(final JsonParser parser, final JsonToken value) throws IOException {
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private Optional<String> human() {
        if (!messages.isEmpty()) {
            return Optional.of(String.join("; ", messages));
        }
        if (errorMessage != null) {
            return Optional.of(errorCode == null || errorCode.isBlank() ? errorMessage : errorMessage + " (" + errorCode + ")");
        }
        return Optional.ofNullable(error);
    }
}
