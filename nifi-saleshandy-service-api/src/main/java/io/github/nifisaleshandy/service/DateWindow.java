package io.github.nifisaleshandy.service;

import java.time.LocalDate;
import java.util.Objects;

/** A span of days, both ends inclusive, that one series of page requests covers. */
public record DateWindow(LocalDate start, LocalDate end) {

    public DateWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }
}
