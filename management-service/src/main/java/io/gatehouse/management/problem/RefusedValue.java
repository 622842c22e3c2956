package io.gatehouse.management.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON value that is well-formed but breaks a {@link ClientInput} rule; answered 400 validation-failed naming its field. */
public class RefusedValue extends MismatchedInputException {

    public RefusedValue(JsonParser parser, String message) {
        super(parser, message);
    }
}
