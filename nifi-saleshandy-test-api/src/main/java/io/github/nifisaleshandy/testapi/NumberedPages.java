package io.github.nifisaleshandy.testapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A data set of {@code pages} pages of {@code pageSize} numbered records ({@link StatsPages#record(int)}), the last
 * holding {@code lastPageSize}; any page after the last is empty. Each record is identified by its recipient e-mail.
 */
public record NumberedPages(int pages, int pageSize, int lastPageSize) implements FakeSaleshandyApi.PageSource {

    @Override
    public byte[] page(final int pageNumber, final JsonNode request) {
        return body(pageNumber).getBytes(StandardCharsets.UTF_8);
    }

    public String body(final int page) {
        if (page > pages) {
            return StatsPages.envelope("[]", false, 1);
        }
        return StatsPages.page(page, (page - 1) * pageSize, page == pages ? lastPageSize : pageSize, page < pages);
    }

    public int recordCount() {
        return (pages - 1) * pageSize + lastPageSize;
    }

    /** The recipient e-mail of every record, in order. */
    public List<String> recipients() {
        final List<String> recipients = new ArrayList<>();
        for (int i = 0; i < recordCount(); i++) {
            recipients.add("recipient" + i + "@example.com");
        }
        return recipients;
    }
}
