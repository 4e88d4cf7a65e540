package io.github.nifisaleshandy.record;

/**
 * Reads the API's "Yes"/"No" flags. Case and surrounding spaces do not matter, and true/false are accepted too.
 */
public final class YesNoFlag {

    /** What a flag's text means. */
    public enum Reading { TRUE, FALSE, EMPTY, UNKNOWN }

    private YesNoFlag() {
    }

    public static Reading read(final String text) {
        final String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            return Reading.EMPTY;
        }
        if (value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true")) {
            return Reading.TRUE;
        }
        if (value.equalsIgnoreCase("no") || value.equalsIgnoreCase("false")) {
            return Reading.FALSE;
        }
        return Reading.UNKNOWN;
    }
}
