package io.github.nifisaleshandy.testapi;

import java.util.StringJoiner;
import okhttp3.HttpUrl;

/**
 * Builds {@code GET /v1/sequences} response bodies in the API's documented shape, with sequences numbered across pages:
 * sequence {@code n} has ID {@code seq-n}, is inactive when {@code n} is a multiple of 3, has {@code n % 4} steps, and a
 * client when {@code n} is even. {@link #numbered} serves such an account from {@link FakeSaleshandyApi}.
 */
public final class SequencePages {

    private SequencePages() {
    }

    /**
     * An account of sequences {@code first .. first + count - 1}, paged as each request's {@code page} and
     * {@code pageSize} ask; filters and order are not applied.
     */
    public static FakeSaleshandyApi.SequenceSource numbered(final int first, final int count) {
        return url -> {
            final int page = wholeNumber(url, "page", 1);
            final int pageSize = wholeNumber(url, "pageSize", SequencesListing.DEFAULT_PAGE_SIZE);
            final long from = Math.min((long) (page - 1) * pageSize, count);
            final long to = Math.min(from + pageSize, count);
            return FakeSaleshandyApi.json(200, page(first + (int) from, (int) (to - from))).build();
        };
    }

    /** A page holding sequences {@code first .. first + count - 1}. */
    public static String page(final int first, final int count) {
        final StringJoiner sequences = new StringJoiner(",", "[", "]");
        for (int n = first; n < first + count; n++) {
            sequences.add(sequence(n));
        }
        return envelope(sequences.toString());
    }

    public static String envelope(final String payloadArray) {
        return "{\"message\":\"Sequences fetched successfully\",\"payload\":" + payloadArray + "}";
    }

    public static boolean isActive(final int n) {
        return n % 3 != 0;
    }

    public static String sequence(final int n) {
        final StringJoiner steps = new StringJoiner(",", "[", "]");
        for (int step = 1; step <= n % 4; step++) {
            steps.add("{\"id\":\"step-%d-%d\",\"name\":\"Step %d\"}".formatted(n, step, step));
        }
        final String client = n % 2 == 0
                ? "{\"id\":\"client-%d\",\"companyName\":\"Company %d\",\"firstName\":\"Cara\",\"lastName\":\"Client\"}".formatted(n, n)
                : "null";
        return """
                {"id":"seq-%1$d","title":"Sequence %1$d","active":%2$s,"steps":%3$s,"client":%4$s,\
                "user":{"id":%5$d,"firstName":"Owen","lastName":"Owner","email":"owner%5$d@example.com"}}""".formatted(
                n, isActive(n), steps, client, 100 + n % 5);
    }

    private static int wholeNumber(final HttpUrl url, final String name, final int absent) {
        final String text = url.queryParameter(name);
        return text != null && text.matches("[1-9]\\d{0,8}") ? Integer.parseInt(text) : absent;
    }
}
