package io.gatehouse.management.common;

import com.fasterxml.jackson.annotation.JsonValue;

/** An enum with the lower-case code it has in the database and in JSON ({@code fail-open}). */
public interface Coded {

    @JsonValue
    String code();

    /** The constant of {@code type} whose code is {@code code}, or an IllegalArgumentException naming the choices. */
    /** Like {@link #parse}, for a query parameter: an unknown code is a 400 naming the parameter. */
    static <E extends Enum<E> & Coded> E queryParam(Class<E> type, String name, String code) {
        try {
            return parse(type, code);
        } catch (IllegalArgumentException e) {
            throw io.gatehouse.management.problem.ApiProblem.invalidField(name, e.getMessage());
        }
    }

    static <E extends Enum<E> & Coded> E parse(Class<E> type, String code) {
        for (E e : type.getEnumConstants()) {
            if (e.code().equals(code)) {
                return e;
            }
        }
        StringBuilder choices = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            choices.append(choices.isEmpty() ? "" : ", ").append(e.code());
        }
        throw new IllegalArgumentException("'" + code + "' is not one of " + choices);
    }
}
