package io.github.nifisaleshandy.query;

/**
 * A property value that breaks one of the API's rules; the message names the property and the rule.
 */
public class InvalidQueryException extends Exception {

    public InvalidQueryException(final String message) {
        super(message);
    }
}
