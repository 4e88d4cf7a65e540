package io.github.nifisaleshandy.testapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * What the demo API asks of a request, as the real API does: one of its two endpoints, the right key (else its answer to
 * an unknown key, HTTP 400 {@code 1001: Invalid token}), no Content-Type on a {@code GET}, and the documented rules of a
 * stats request, refused in the API's own words. {@code today} is the day the date rules count from.
 */
record DemoRules(String apiKey, LocalDate today) implements FakeSaleshandyApi.Rules {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Optional<MockResponse> refusal(final RecordedRequest request) {
        final boolean listing = FakeSaleshandyApi.isListing(request);
        if (!listing && (!FakeSaleshandyApi.STATS_PATH.equals(request.getUrl().encodedPath()) || !"POST".equals(request.getMethod()))) {
            return refused(404, "Cannot " + request.getMethod() + " " + request.getUrl().encodedPath());
        }
        if (!apiKey.equals(request.getHeaders().get("x-api-key"))) {
            return refused(400, "1001: Invalid token");
        }
        if (listing) {
            // A client saw GET requests that carried a Content-Type refused so (saleshandy-facts.md).
            return request.getHeaders().get("Content-Type") != null ? refused(406, "Not Acceptable") : Optional.empty();
        }
        final JsonNode body;
        try {
            body = MAPPER.readTree(request.getBody() == null ? "" : request.getBody().utf8());
        } catch (final IOException e) {
            return refused(400, "Request body must be JSON");
        }
        final String problem = problem(body);
        return problem == null ? Optional.empty() : refused(400, problem);
    }

    /** The rules of the vendor's page, in the API's own words where it has them. */
    private String problem(final JsonNode body) {
        if (body == null || !body.path("sequenceIds").isArray() || body.path("sequenceIds").isEmpty()) {
            return "sequenceIds must be a non-empty array";
        }
        final LocalDate start;
        final LocalDate end;
        try {
            start = LocalDate.parse(body.path("startDate").asText());
            end = LocalDate.parse(body.path("endDate").asText());
        } catch (final DateTimeParseException e) {
            return "Start Date and End Date must be valid dates (YYYY-MM-DD)";
        }
        if (start.isBefore(today.minusYears(2))) {
            return "Start Date must not be older than 2 years ago";
        }
        if (end.isBefore(start) || end.isAfter(start.plusYears(1))) {
            return "End Date must not exceed 1 year after Start Date";
        }
        if (!body.path("pageNum").canConvertToInt() || body.path("pageNum").asInt() < 1) {
            return "Page number should be 1 or greater";
        }
        final int limit = body.path("pageLimit").asInt(-1);
        if (limit < 10 || limit > 500) {
            return "Page limit should be between 10 & 500 per page";
        }
        return null;
    }

    private static Optional<MockResponse> refused(final int status, final String text) {
        return Optional.of(FakeSaleshandyApi.message(status, text));
    }
}
