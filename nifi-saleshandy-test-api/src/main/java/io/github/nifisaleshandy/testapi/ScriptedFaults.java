package io.github.nifisaleshandy.testapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;

/** The scripted faults of one endpoint, by page, and how often each page was asked for. */
final class ScriptedFaults {
    private final Map<Integer, Deque<MockResponse>> next = new HashMap<>();
    private final Map<Integer, MockResponse> always = new HashMap<>();
    private final Map<Integer, Integer> attempts = new HashMap<>();
    private MockResponse everyPage;

    synchronized void queue(final int page, final MockResponse... responses) {
        next.computeIfAbsent(page, p -> new ArrayDeque<>()).addAll(List.of(responses));
    }

    synchronized void always(final int page, final MockResponse response) {
        always.put(page, response);
    }

    synchronized void always(final MockResponse response) {
        everyPage = response;
    }

    synchronized void reset() {
        next.clear();
        always.clear();
        everyPage = null;
        attempts.clear();
    }

    synchronized int attempts(final int page) {
        return attempts.getOrDefault(page, 0);
    }

    /** Counts an attempt at {@code page}; the fault it gets, or empty for the real page. */
    synchronized Optional<MockResponse> take(final int page) {
        attempts.merge(page, 1, Integer::sum);
        if (everyPage != null) {
            return Optional.of(everyPage);
        }
        if (always.containsKey(page)) {
            return Optional.of(always.get(page));
        }
        final Deque<MockResponse> scripted = next.get(page);
        return scripted == null || scripted.isEmpty() ? Optional.empty() : Optional.of(scripted.removeFirst());
    }
}
