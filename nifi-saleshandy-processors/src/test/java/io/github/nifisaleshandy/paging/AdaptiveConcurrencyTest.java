package io.github.nifisaleshandy.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyTest {

    private static final OptionalLong NO_HEADER = OptionalLong.empty();

    @Test
    void sendsNoMoreThanTheLatestResponseToArriveSaysIsLeftLessWhatIsStillUnanswered() {
        final AdaptiveConcurrency concurrency = widened(8);
        for (int sent = 0; sent < 4; sent++) {
            assertTrue(concurrency.mayRequest(sent));
            concurrency.requested();
        }

        // A later page answers first: 3 left, and 3 requests still out that the server may not have counted yet.
        concurrency.answered(OptionalLong.of(3));

        assertFalse(concurrency.mayRequest(3), "none may be sent: the 3 unanswered ones may use up what is left");
        concurrency.answered(OptionalLong.of(2));
        assertFalse(concurrency.mayRequest(2));
        concurrency.answered(OptionalLong.of(2));
        assertTrue(concurrency.mayRequest(1), "2 left, 1 unanswered: one more may go");
        concurrency.requested();
        assertFalse(concurrency.mayRequest(2));
    }

    @Test
    void withNothingInFlightOneRequestMayAlwaysGoToLearnThatTheWindowReset() {
        final AdaptiveConcurrency concurrency = widened(8);
        concurrency.requested();
        concurrency.answered(OptionalLong.of(0));

        assertTrue(concurrency.mayRequest(0));
        assertFalse(concurrency.mayRequest(1));
    }

    @Test
    void withoutRateLimitHeadersOnlyTheLimitCounts() {
        final AdaptiveConcurrency concurrency = widened(8);
        for (int sent = 0; sent < 8; sent++) {
            assertTrue(concurrency.mayRequest(sent));
            concurrency.requested();
        }
        concurrency.answered(NO_HEADER);
        assertFalse(concurrency.mayRequest(8));
        assertTrue(concurrency.mayRequest(7));
    }

    @Test
    void startsWithOneAndDoublesAfterEachPageUpToTheCeiling() {
        final AdaptiveConcurrency concurrency = AdaptiveConcurrency.upTo(8);

        assertEquals(1, concurrency.limit());
        concurrency.onPage(NO_HEADER, 0);
        assertEquals(2, concurrency.limit());
        concurrency.onPage(NO_HEADER, 1);
        assertEquals(4, concurrency.limit());
        concurrency.onPage(NO_HEADER, 3);
        assertEquals(8, concurrency.limit());
        concurrency.onPage(NO_HEADER, 7);
        assertEquals(8, concurrency.limit());
    }

    @Test
    void aCeilingThatIsNoPowerOfTwoIsReachedAndKept() {
        final AdaptiveConcurrency concurrency = AdaptiveConcurrency.upTo(5);
        for (int page = 0; page < 5; page++) {
            concurrency.onPage(NO_HEADER, 0);
        }
        assertEquals(5, concurrency.limit());
    }

    @Test
    void halvesOnEveryRateLimitButNeverBelowOne() {
        final AdaptiveConcurrency concurrency = widened(16);

        concurrency.onThrottled();
        assertEquals(8, concurrency.limit());
        concurrency.onThrottled();
        concurrency.onThrottled();
        concurrency.onThrottled();
        assertEquals(1, concurrency.limit());
        concurrency.onThrottled();
        assertEquals(1, concurrency.limit());
    }

    @Test
    void halvesWhenFewerRequestsAreLeftThanAreInFlight() {
        final AdaptiveConcurrency concurrency = widened(8);

        concurrency.onPage(OptionalLong.of(6), 7);

        assertEquals(4, concurrency.limit());
    }

    @Test
    void neverAllowsMoreThanTheRequestsLeft() {
        final AdaptiveConcurrency concurrency = widened(8);

        concurrency.onPage(OptionalLong.of(3), 2);
        assertEquals(3, concurrency.limit());
        concurrency.onPage(OptionalLong.of(0), 0);
        assertEquals(1, concurrency.limit());
        concurrency.onPage(OptionalLong.of(100), 0);
        assertEquals(2, concurrency.limit());
    }

    @Test
    void plentyLeftDoesNotHoldBackGrowth() {
        final AdaptiveConcurrency concurrency = AdaptiveConcurrency.upTo(8);

        concurrency.onPage(OptionalLong.of(500), 0);
        concurrency.onPage(OptionalLong.of(499), 1);

        assertEquals(4, concurrency.limit());
    }

    @Test
    void aCeilingOfOneStaysOne() {
        final AdaptiveConcurrency concurrency = AdaptiveConcurrency.upTo(1);

        concurrency.onPage(NO_HEADER, 0);
        concurrency.onThrottled();

        assertEquals(1, concurrency.limit());
    }

    @Test
    void aFixedLimitIgnoresWhatTheServerSays() {
        final AdaptiveConcurrency concurrency = AdaptiveConcurrency.fixed(4);

        concurrency.onThrottled();
        concurrency.onPage(OptionalLong.of(0), 3);

        assertEquals(4, concurrency.limit());
    }

    @Test
    void refusesACeilingBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> AdaptiveConcurrency.upTo(0));
    }

    private static AdaptiveConcurrency widened(final int ceiling) {
        final AdaptiveConcurrency concurrency = AdaptiveConcurrency.upTo(ceiling);
        while (concurrency.limit() < ceiling) {
            concurrency.onPage(NO_HEADER, 0);
        }
        return concurrency;
    }
}
