package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void startsAtTheCeilingAndTheFirst429AmongOthersHalvesIt() {
        final AccountLimits.InFlightLimit limit = new AccountLimits.InFlightLimit(8);
        assertEquals(8, limit.limit());

        limit.throttled(8, limit.episode());

        assertEquals(4, limit.limit());
    }

    @Test
    void the429sOfRequestsSentBeforeTheLatestDecreaseLowerItOnce() {
        final AccountLimits.InFlightLimit limit = new AccountLimits.InFlightLimit(8);
        final long episode = limit.episode();

        limit.throttled(8, episode);
        limit.throttled(8, episode);
        limit.throttled(7, episode);

        assertEquals(4, limit.limit());
    }

    @Test
    void aLater429AtFewerInFlightSetsItJustBelowThatNumber() {
        final AccountLimits.InFlightLimit limit = new AccountLimits.InFlightLimit(8);
        limit.throttled(8, limit.episode());
        limit.throttled(4, limit.episode());
        assertEquals(3, limit.limit());
        limit.throttled(3, limit.episode());
        assertEquals(2, limit.limit());
    }

    @Test
    void growsByOnePerLimitAnswersBelowTheNumberThatMetA429() {
        final AccountLimits.InFlightLimit limit = new AccountLimits.InFlightLimit(16);
        limit.throttled(16, limit.episode());
        assertEquals(8, limit.limit());

        answer(limit, 7);
        assertEquals(8, limit.limit());
        answer(limit, 1);
        assertEquals(9, limit.limit(), "additive: one more after a limit's worth of answers, not doubling back to the ceiling");
        answer(limit, 9);
        assertEquals(10, limit.limit());
    }

    @Test
    void probesTheNumberThatMetA429OnlyRarelyAndMoreRarelyAfterEachFailedProbe() {
        final AccountLimits.InFlightLimit limit = new AccountLimits.InFlightLimit(8);
        limit.throttled(3, limit.episode());
        assertEquals(1, limit.limit());
        answer(limit, 1);
        assertEquals(2, limit.limit());

        answer(limit, AccountLimits.InFlightLimit.FIRST_PROBE_AFTER - 1);
        assertEquals(2, limit.limit(), "3 met a 429: tried again only after " + AccountLimits.InFlightLimit.FIRST_PROBE_AFTER + " answers");
        answer(limit, 1);
        assertEquals(3, limit.limit());

        limit.throttled(3, limit.episode());
        assertEquals(2, limit.limit());
        answer(limit, 2 * AccountLimits.InFlightLimit.FIRST_PROBE_AFTER - 1);
        assertEquals(2, limit.limit(), "the next probe waits twice as long");
        answer(limit, 1);
        assertEquals(3, limit.limit());
    }

    @Test
    void aProbeThatHoldsLetsTheLimitGrowAsUsualAgain() {
        final AccountLimits.InFlightLimit limit = new AccountLimits.InFlightLimit(8);
        limit.throttled(2, limit.episode());
        assertEquals(1, limit.limit());

        answer(limit, AccountLimits.InFlightLimit.FIRST_PROBE_AFTER);
        assertEquals(2, limit.limit());
        answer(limit, AccountLimits.InFlightLimit.FIRST_PROBE_AFTER);
        assertEquals(3, limit.limit(), "past the number that met a 429: that cap is gone");
        answer(limit, 3);
        assertEquals(4, limit.limit());
    }

    @Test
    void neverGoesPastTheCeilingNorBelowOne() {
        final AccountLimits.InFlightLimit limit = new AccountLimits.InFlightLimit(2);
        answer(limit, 100);
        assertEquals(2, limit.limit());
        limit.throttled(2, limit.episode());
        limit.throttled(2, limit.episode());
        assertEquals(1, limit.limit());
    }

    private static void answer(final AccountLimits.InFlightLimit limit, final int answers) {
        for (int i = 0; i < answers; i++) {
            limit.answered();
        }
    }
}
