package io.github.nifisaleshandy.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a,b,c", "a, b, c", " a b\tc ", "a,\nb\n c", "a,b,a,c,b"})
    void splitsOnCommasAndWhitespaceKeepingOrderWithoutDuplicates(final String value) throws Exception {
        assertEquals(List.of("a", "b", "c"), SequenceIds.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,,b", "a, ,b", ",a", "a,"})
    void rejectsEmptyEntries(final String value) {
        final InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> SequenceIds.parse(value));
        assertEquals(true, e.getMessage().startsWith("Sequence IDs has an empty entry"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void rejectsNoIds(final String value) {
        final InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> SequenceIds.parse(value));
        assertEquals("Sequence IDs must name at least one sequence ID", e.getMessage());
    }
}
