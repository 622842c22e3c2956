package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** Private plans are offered only by admins, never listed in the portal. */
public enum Visibility implements Coded {
    PUBLIC("public"), PRIVATE("private");

    private final String code;

    Visibility(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<Visibility> {
        public Converter() {
            super(Visibility.class);
        }
    }
}
