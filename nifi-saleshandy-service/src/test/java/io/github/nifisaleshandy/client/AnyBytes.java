package io.github.nifisaleshandy.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a valid body, for the parsers' tests that whatever bytes arrive the outcome is a page or a malformed response:
 * the body in any JSON encoding, cut short, with bits flipped, with noise inserted, or noise alone. A fixed seed makes a
 * failure repeat.
 */
final class AnyBytes {

    private static final List<String> ENCODINGS = List.of("UTF-8", "UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32", "UTF-8 with BOM");

    private final String valid;
    private final Random random;

    AnyBytes(final String valid, final long seed) {
        this.valid = valid;
        this.random = new Random(seed);
    }

    byte[] next() {
        final byte[] body = encode(valid, ENCODINGS.get(random.nextInt(ENCODINGS.size())));
        return switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(body, random.nextInt(body.length + 1));
            case 1 -> flip(body, 1 + random.nextInt(8));
            case 2 -> insert(body);
            case 3 -> noise();
            case 4 -> flip(Arrays.copyOf(body, random.nextInt(body.length + 1)), 1);
            default -> body;
        };
    }

    /** {@code text} in {@code encoding}; Java's "UTF-16" writes big-endian with a byte order mark, its "UTF-32" big-endian without. */
    static byte[] encode(final String text, final String encoding) {
        if (encoding.equals("UTF-8 with BOM")) {
            final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            final byte[] marked = new byte[utf8.length + 3];
            marked[0] = (byte) 0xEF;
            marked[1] = (byte) 0xBB;
            marked[2] = (byte) 0xBF;
            System.arraycopy(utf8, 0, marked, 3, utf8.length);
            return marked;
        }
        return text.getBytes(Charset.forName(encoding));
    }

    private byte[] flip(final byte[] body, final int times) {
        final byte[] copy = body.clone();
        for (int i = 0; i < times && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private byte[] insert(final byte[] body) {
        final byte[] extra = noise();
        final int at = random.nextInt(body.length + 1);
        final byte[] result = new byte[body.length + extra.length];
        System.arraycopy(body, 0, result, 0, at);
        System.arraycopy(extra, 0, result, at, extra.length);
        System.arraycopy(body, at, result, at + extra.length, body.length - at);
        return result;
    }

    private byte[] noise() {
        final byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return bytes;
    }
}
