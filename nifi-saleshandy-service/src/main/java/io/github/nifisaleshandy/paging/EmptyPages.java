package io.github.nifisaleshandy.paging;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The empty pages of one walk that still said {@code hasMore: true}: those passed over because {@code nextPageNumber}
 * pointed on, and the one the walk ended on because it did not. A user should hear of them, as records may be missing.
 */
public final class EmptyPages {

    /** Page numbers named in {@link #describe()}; more are only counted, so that a runaway server cannot flood a bulletin. */
    static final int LISTED = 10;

    private final List<Integer> listed = new ArrayList<>();
    private int passedOver;
    private OptionalInt endedOn = OptionalInt.empty();

    void passedOver(final int pageNumber) {
        passedOver++;
        if (listed.size() < LISTED) {
            listed.add(pageNumber);
        }
    }

    void endedOn(final int pageNumber) {
        endedOn = OptionalInt.of(pageNumber);
    }

    public boolean any() {
        return passedOver > 0 || endedOn.isPresent();
    }

    public int passedOver() {
        return passedOver;
    }

    public OptionalInt endedOn() {
        return endedOn;
    }

    /** E.g. "2 empty pages said hasMore: true and paging went on past them (pages 3, 4)". */
    public String describe() {
        final List<String> parts = new ArrayList<>();
        if (passedOver > 0) {
            final String pages = listed.stream().map(String::valueOf).collect(Collectors.joining(", "));
            parts.add(passedOver + (passedOver == 1 ? " empty page" : " empty pages") + " said hasMore: true and paging went on past "
                    + (passedOver == 1 ? "it" : "them") + " (page" + (passedOver == 1 ? " " : "s ") + pages
                    + (passedOver > LISTED ? ", ..." : "") + ")");
        }
        endedOn.ifPresent(page -> parts.add("page " + page + " was empty and said hasMore: true but named no next page to follow, "
                + "so paging ended there"));
        return String.join("; ", parts);
    }
}
