package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The envelope of a page body, in any encoding JSON allows, read as UTF-8 (parsers address records by UTF-8 offsets), and
 * the human text of an error body.
 */
final class ResponseText {

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    @FunctionalInterface
    interface PayloadReader<T> {
        /** Reads the value of {@code payload}, the parser on its first token; {@code body} is the UTF-8 text being parsed. */
        T read(JsonParser parser, byte[] body) throws IOException, SaleshandyApiException;
    }

    private ResponseText() {
    }

    /**
     * The {@code payload} of a body that is one JSON object, its other fields skipped; any bytes that are not such a body are
     * a {@link Failure#MALFORMED_RESPONSE} whose message starts with {@code label}. {@code kind}: what a payload is.
     */
    static <T> T payload(final JsonFactory jsonFactory, final byte[] received, final String label, final String kind, final PayloadReader<T> reader)
            throws SaleshandyApiException {
        final byte[] body;
        try {
            body = toUtf8(received);
        } catch (final CharacterCodingException e) {
            throw malformed(label, "the response is not text in the encoding it starts with (" + detect(received) + ")");
        }
        try (JsonParser parser = jsonFactory.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, label, "the response is not a JSON object");
            T payload = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                parser.nextToken();
                if ("payload".equals(field)) {
                    payload = reader.read(parser, body);
                } else {
                    parser.skipChildren();
                }
            }
            expect(parser.nextToken() == null, label, "unexpected content after the JSON object");
            expect(payload != null, label, "the response has no 'payload' " + kind);
            return payload;
        } catch (final StreamReadException e) {
            throw malformed(label, "the response is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (final IOException e) {
            throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, label + ": unreadable response: " + e.getMessage(), e);
        }
    }

    static void expect(final boolean condition, final String label, final String problem) throws SaleshandyApiException {
        if (!condition) {
            throw malformed(label, problem);
        }
    }

    static SaleshandyApiException malformed(final String label, final String problem) {
        return new SaleshandyApiException(Failure.MALFORMED_RESPONSE, label + ": " + problem);
    }

    /** The same array when it is UTF-8 already; fails on bytes that are not text in the detected encoding. */
    static byte[] toUtf8(final byte[] body) throws CharacterCodingException {
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            return Arrays.copyOfRange(body, 3, body.length);
        }
        final Charset charset = detect(body);
        if (charset == StandardCharsets.UTF_8) {
            return body;
        }
        final String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body)).toString();
        // UTF-16BE and UTF-16LE keep a byte order mark as a character (the UTF-32 decoders drop it).
        return (text.startsWith("\uFEFF") ? text.substring(1) : text).getBytes(StandardCharsets.UTF_8);
    }

    /** As RFC 4627 describes: by the byte order mark, else by where the first characters have zero bytes. */
    static Charset detect(final byte[] body) {
        if (startsWith(body, 0x00, 0x00, 0xFE, 0xFF)) {
            return UTF_32BE;
        }
        if (startsWith(body, 0xFF, 0xFE, 0x00, 0x00)) {
            return UTF_32LE;
        }
        if (startsWith(body, 0xFE, 0xFF)) {
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(body, 0xFF, 0xFE)) {
            return StandardCharsets.UTF_16LE;
        }
        if (body.length >= 4 && body[1] == 0 && body[2] == 0 && (body[0] == 0) != (body[3] == 0)) {
            return body[0] == 0 ? UTF_32BE : UTF_32LE;
        }
        if (body.length >= 2 && (body[0] == 0) != (body[1] == 0)) {
            return body[0] == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
        }
        return StandardCharsets.UTF_8;
    }

    private static boolean startsWith(final byte[] body, final int... prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((body[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Empty when the body is not a JSON object with one of the known fields. */
    static Optional<String> errorMessage(final JsonFactory jsonFactory, final String body) {
        final List<String> messages = new ArrayList<>();
        final Map<String, String> texts = new HashMap<>();
        try (JsonParser parser = jsonFactory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (value == null) {
                    break;
                }
                if (value == JsonToken.START_ARRAY && field.equals("message")) {
                    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY && item != null; item = parser.nextToken()) {
                        if (item.isScalarValue()) {
                            messages.add(parser.getText());
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    if (field.equals("message")) {
                        messages.add(parser.getText());
                    } else {
                        texts.put(field, parser.getText());
                    }
                } else {
                    parser.skipChildren();
                    texts.remove(field);
                }
            }
        } catch (final IOException notJsonOrCutShort) {
            // Fields read before the problem still say what went wrong; with none, the caller shows the body itself.
        }
        final String errorMessage = texts.get("error_message");
        final String errorCode = texts.get("error_code");
        if (!messages.isEmpty()) {
            return Optional.of(String.join("; ", messages));
        }
        if (errorMessage != null) {
            return Optional.of(errorCode == null || errorCode.isBlank() ? errorMessage : errorMessage + " (" + errorCode + ")");
        }
        return Optional.ofNullable(texts.get("error"));
    }
}
