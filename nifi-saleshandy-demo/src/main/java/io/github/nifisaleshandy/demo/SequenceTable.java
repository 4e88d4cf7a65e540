package io.github.nifisaleshandy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequences ListSaleshandySequences emitted, as a text table with aligned columns: ID, title, active, step count
 * and client (its company, else its name, else "-"), in the order listed, then a count.
 */
final class SequenceTable {

    private static final String[] HEADER = {"ID", "TITLE", "ACTIVE", "STEPS", "CLIENT"};
    private static final String GAP = "  ";

    private SequenceTable() {
    }

    static void print(final List<JsonNode> sequences, final PrintWriter out) {
        final List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        long active = 0;
        for (final JsonNode sequence : sequences) {
            final boolean isActive = sequence.path("active").asBoolean();
            active += isActive ? 1 : 0;
            rows.add(new String[] {sequence.path("id").asText(), text(sequence.path("title")), isActive ? "yes" : "no",
                String.valueOf(sequence.path("step_count").asInt()), client(sequence.path("client"))});
        }
        final int[] widths = new int[HEADER.length];
        for (final String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (final String[] row : rows) {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]) + GAP);
            }
            out.println(line.toString().stripTrailing());
        }
        out.printf("%d sequences, %d active%n", sequences.size(), active);
        out.flush();
    }

    private static String client(final JsonNode client) {
        if (client.isMissingNode() || client.isNull()) {
            return "-";
        }
        final String company = text(client.path("company_name"));
        if (!company.isEmpty()) {
            return company;
        }
        final String name = (text(client.path("first_name")) + " " + text(client.path("last_name"))).strip();
        final String id = text(client.path("id"));
        return !name.isEmpty() ? name : id.isEmpty() ? "-" : id;
    }

    private static String text(final JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    private static String pad(final String text, final int width) {
        return text + " ".repeat(width - text.length());
    }
}
