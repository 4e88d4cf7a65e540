package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Sleeper;
import java.time.Clock;

/**
 * Opens the processor's test seams (clock and sleeper) to test packages other than its own.
 */
public final class FetchSaleshandyStatsForTests extends FetchSaleshandyStats {

    public FetchSaleshandyStatsForTests(final Clock clock, final Sleeper sleeper) {
        super(clock, sleeper);
    }
}
