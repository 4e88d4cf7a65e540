package io.github.nifisaleshandy.client;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Brings a JSON body in any encoding JSON allows (UTF-8, UTF-16 or UTF-32, either byte order, with or without a byte
 * order mark) to UTF-8 without a byte order mark, because the page parser addresses records by UTF-8 byte offsets.
 * The encoding is detected as RFC 4627 describes: from the mark, else from where the first characters' zero bytes are.
 */
final class JsonEncoding {

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    private JsonEncoding() {
    }

    /** The body as UTF-8: the same array when it already is; fails on bytes that are not text in the detected encoding. */
    static byte[] toUtf8(final byte[] body) throws CharacterCodingException {
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            return Arrays.copyOfRange(body, 3, body.length);
        }
        final Charset charset = detect(body);
        if (charset == StandardCharsets.UTF_8) {
            return body;
        }
        final int markLength = markLength(body);
        final String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body, markLength, body.length - markLength)).toString();
        return text.getBytes(StandardCharsets.UTF_8);
    }

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
        if (body.length >= 4) {
            final boolean[] zero = {body[0] == 0, body[1] == 0, body[2] == 0, body[3] == 0};
            if (zero[0] && zero[1] && zero[2] && !zero[3]) {
                return UTF_32BE;
            }
            if (!zero[0] && zero[1] && zero[2] && zero[3]) {
                return UTF_32LE;
            }
        }
        if (body.length >= 2) {
            if (body[0] == 0 && body[1] != 0) {
                return StandardCharsets.UTF_16BE;
            }
            if (body[0] != 0 && body[1] == 0) {
                return StandardCharsets.UTF_16LE;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static int markLength(final byte[] body) {
        if (startsWith(body, 0x00, 0x00, 0xFE, 0xFF) || startsWith(body, 0xFF, 0xFE, 0x00, 0x00)) {
            return 4;
        }
        return startsWith(body, 0xFE, 0xFF) || startsWith(body, 0xFF, 0xFE) ? 2 : 0;
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
}
