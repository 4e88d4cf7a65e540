package io.github.nifisaleshandy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A Saleshandy stand-in for fault injection: serves a fixed data set of {@code pages} pages by the request's
 * {@code pageNum}, except where a fault is scripted for a page's next attempt. Deterministic under concurrent requests,
 * since answers depend on the page asked for, not on arrival order.
 */
public final class FaultyApi extends Dispatcher {

    private final ObjectMapper mapper = new ObjectMapper();
    private final int pages;
    private final int pageSize;
    private final int lastPageSize;
    private final Map<Integer, Deque<MockResponse>> faults = new HashMap<>();
    private final Map<Integer, MockResponse> always = new HashMap<>();
    private final Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public FaultyApi(final int pages, final int pageSize, final int lastPageSize) {
        this.pages = pages;
        this.pageSize = pageSize;
        this.lastPageSize = lastPageSize;
    }

    /** The next attempts at {@code page} get these responses, in order; later attempts get the real page. */
    public synchronized FaultyApi failNext(final int page, final MockResponse... responses) {
        faults.computeIfAbsent(page, p -> new ArrayDeque<>()).addAll(List.of(responses));
        return this;
    }

    /** Every attempt at {@code page} gets this response. */
    public synchronized FaultyApi failAlways(final int page, final MockResponse response) {
        always.put(page, response);
        return this;
    }

    /** Forgets the faults served so far and the attempt counts, so that a scenario can be replayed. */
    public synchronized void reset() {
        faults.clear();
        always.clear();
        attempts.clear();
    }

    public int attempts(final int page) {
        return attempts.getOrDefault(page, new AtomicInteger()).get();
    }

    public int recordCount() {
        return (pages - 1) * pageSize + lastPageSize;
    }

    /** The recipient e-mail of every record of the data set, which identifies it. */
    public List<String> recipients() {
        final List<String> recipients = new ArrayList<>();
        for (int i = 0; i < recordCount(); i++) {
            recipients.add("recipient" + i + "@example.com");
        }
        return recipients;
    }

    @Override
    public synchronized MockResponse dispatch(final RecordedRequest request) {
        final int page;
        try {
            page = mapper.readTree(request.getBody().utf8()).get("pageNum").intValue();
        } catch (final IOException | RuntimeException e) {
            return new MockResponse.Builder().code(400).body("{\"message\":\"unreadable request\"}").build();
        }
        attempts.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
        if (always.containsKey(page)) {
            return always.get(page);
        }
        final Deque<MockResponse> scripted = faults.get(page);
        if (scripted != null && !scripted.isEmpty()) {
            return scripted.removeFirst();
        }
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(pageBody(page)).build();
    }

    public String pageBody(final int page) {
        if (page > pages) {
            return StatsPages.envelope("[]", false, 1);
        }
        return StatsPages.page(page, (page - 1) * pageSize, page == pages ? lastPageSize : pageSize, page < pages);
    }
}
