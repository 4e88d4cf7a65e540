package io.github.nifisaleshandy.processors;

import java.time.Duration;
import org.apache.nifi.logging.ComponentLog;

/**
 * Tells the user at INFO, every {@value #EVERY} pages of one run, that a long run is alive and how far it got: a run
 * emits nothing until it has finished, so without this a large backfill looks the same as a hung one.
 */
final class RunProgress {

    static final int EVERY = 100;

    private final ComponentLog log;
    private final long startedNanos = System.nanoTime();
    private int pages;

    RunProgress(final ComponentLog log) {
        this.log = log;
    }

    void pageWritten(final long recordsSoFar) {
        pages++;
        if (pages % EVERY == 0) {
            log.info("Fetched {} pages, {} records in {} s so far", pages, recordsSoFar, elapsed().toSeconds());
        }
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
