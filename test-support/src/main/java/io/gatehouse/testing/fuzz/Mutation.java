package io.gatehouse.testing.fuzz;

/** The ways the fuzzer breaks a request that was generated to its schema. */
public enum Mutation {
    /** NUL, BEL, ESC, DEL or a lone line break inside a string. */
    CONTROL_CHARACTERS,
    /** A string of 100,000–300,000 characters. */
    HUGE_STRING,
    /** An instant in the year +1000000 or -1000000 where a date-time goes (or anywhere a string goes). */
    FAR_INSTANT,
    /** A number where a string goes, a string where a number or boolean goes, an object for an array, … */
    WRONG_TYPE,
    /** A value no enum lists. */
    UNKNOWN_ENUM,
    /** The same member name twice in one JSON object. */
    DUPLICATE_KEYS,
    /** Arrays nested thousands deep in place of a value. */
    DEEP_NESTING,
    /** A required property or parameter left out. */
    MISSING_REQUIRED,
    /** {@code null} (or nothing) as the body, or {@code null} as a value. */
    NULL_VALUE,
    /** JSON that ends half way. */
    TRUNCATED_JSON
}
