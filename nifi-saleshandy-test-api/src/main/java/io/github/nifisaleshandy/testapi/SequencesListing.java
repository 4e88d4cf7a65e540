package io.github.nifisaleshandy.testapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * The demo API's {@code GET /v1/sequences}: the data set's sequences in the documented shape,
 * {@code {"message": "...", "payload": [sequence, ...]}}, paged by {@code page} (from 1) and {@code pageSize} (default
 * 100, at most 1000) with no {@code hasMore} (a short page is the last), filtered by {@code sequenceName} (a
 * case-insensitive title search) and {@code clientIds} (comma-separated), ordered by {@code sortBy} and {@code sort}.
 * Without {@code sortBy} and {@code sort} the newest sequence comes first: the docs name no default order, so the demo
 * picks one that a client must not rely on. Invalid parameters get NestJS validation errors, as the real API's validation answers.
 */
final class SequencesListing {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SORTS = Set.of("ASC", "DESC");
    private static final Map<String, Comparator<DemoDataSet.DemoSequence>> SORT_BY = Map.of(
            "sequence.createdAt", Comparator.comparingInt(DemoDataSet.DemoSequence::createdDaysBeforeToday).reversed(),
            "sequence.title", Comparator.comparing(DemoDataSet.DemoSequence::title));

    private SequencesListing() {
    }

    static MockResponse answer(final DemoDataSet dataSet, final HttpUrl url) {
        final List<String> problems = new ArrayList<>();
        final int page = wholeNumber(url, "page", 1, 1, Integer.MAX_VALUE, problems);
        final int pageSize = wholeNumber(url, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, problems);
        final String sort = url.queryParameter("sort");
        if (sort != null && !SORTS.contains(sort)) {
            problems.add("sort must be one of the following values: ASC, DESC");
        }
        final String sortBy = url.queryParameter("sortBy");
        if (sortBy != null && !SORT_BY.containsKey(sortBy)) {
            problems.add("sortBy must be one of the following values: sequence.createdAt, sequence.title");
        }
        if (!problems.isEmpty()) {
            return validationError(problems);
        }
        final List<DemoDataSet.DemoSequence> matching = dataSet.sequences().stream()
                .filter(titleMatches(url.queryParameter("sequenceName")))
                .filter(clientMatches(url.queryParameter("clientIds")))
                .sorted(order(sortBy == null ? "sequence.createdAt" : sortBy, sort != null ? sort : sortBy == null ? "DESC" : "ASC"))
                .toList();
        final int from = (int) Math.min((long) (page - 1) * pageSize, matching.size());
        final int to = (int) Math.min((long) from + pageSize, matching.size());
        final List<Map<String, Object>> payload = matching.subList(from, to).stream().map(s -> json(s, dataSet.today())).toList();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Sequences fetched successfully");
        body.put("payload", payload);
        return FakeSaleshandyApi.json(200, write(body)).build();
    }

    private static Predicate<DemoDataSet.DemoSequence> titleMatches(final String name) {
        if (name == null || name.isEmpty()) {
            return s -> true;
        }
        final String wanted = name.toLowerCase(Locale.ROOT);
        return s -> s.title().toLowerCase(Locale.ROOT).contains(wanted);
    }

    private static Predicate<DemoDataSet.DemoSequence> clientMatches(final String clientIds) {
        if (clientIds == null || clientIds.isBlank()) {
            return s -> true;
        }
        final Set<String> wanted = Arrays.stream(clientIds.split(",")).map(String::strip).filter(id -> !id.isEmpty()).collect(Collectors.toSet());
        return s -> s.client() != null && wanted.contains(s.client().id());
    }

    /** The order {@code sortBy} names, ascending unless {@code sort} is DESC; the ID breaks ties so that pages never overlap. */
    private static Comparator<DemoDataSet.DemoSequence> order(final String sortBy, final String sort) {
        final Comparator<DemoDataSet.DemoSequence> ascending = SORT_BY.get(sortBy).thenComparing(DemoDataSet.DemoSequence::id);
        return "DESC".equals(sort) ? ascending.reversed() : ascending;
    }

    private static int wholeNumber(final HttpUrl url, final String name, final int absent, final int min, final int max, final List<String> problems) {
        final String text = url.queryParameter(name);
        if (text == null) {
            return absent;
        }
        final int value;
        try {
            value = Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            problems.add(name + " must be an integer number");
            return absent;
        }
        if (value < min) {
            problems.add(name + " must not be less than " + min);
        } else if (value > max) {
            problems.add(name + " must not be greater than " + max);
        }
        return value;
    }

    private static Map<String, Object> json(final DemoDataSet.DemoSequence sequence, final LocalDate today) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", sequence.id());
        json.put("title", sequence.title());
        json.put("active", sequence.active());
        // Not in the documented shape: a field the client does not know, which it must skip.
        json.put("createdAt", today.minusDays(sequence.createdDaysBeforeToday()) + "T09:30:00.000Z");
        final List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < sequence.stepNames().size(); i++) {
            steps.add(Map.of("id", sequence.id().substring(0, 6) + "St" + (i + 1), "name", sequence.stepNames().get(i)));
        }
        json.put("steps", steps);
        final DemoDataSet.Client client = sequence.client();
        if (client == null) {
            json.put("client", null);
        } else {
            final Map<String, Object> clientJson = new LinkedHashMap<>();
            clientJson.put("id", client.id());
            clientJson.put("companyName", client.companyName());
            clientJson.put("firstName", client.firstName());
            clientJson.put("lastName", client.lastName());
            json.put("client", clientJson);
        }
        final Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", sequence.owner().id());
        user.put("firstName", sequence.owner().firstName());
        user.put("lastName", sequence.owner().lastName());
        user.put("email", sequence.owner().email());
        json.put("user", user);
        return json;
    }

    private static MockResponse validationError(final List<String> problems) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", 400);
        body.put("message", problems);
        body.put("error", "Bad Request");
        return FakeSaleshandyApi.json(400, write(body)).build();
    }

    private static String write(final Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
