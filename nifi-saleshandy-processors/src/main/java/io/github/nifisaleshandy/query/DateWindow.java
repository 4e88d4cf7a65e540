package io.github.nifisaleshandy.query;

import java.time.LocalDate;

/**
 * A span of days, both ends inclusive, that one series of page requests covers.
 */
public record DateWindow(LocalDate start, LocalDate end) {
}
