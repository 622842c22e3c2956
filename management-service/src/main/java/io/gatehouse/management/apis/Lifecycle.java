package io.gatehouse.management.apis;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** An API's lifecycle: only published and deprecated APIs are routed by gateways and shown in the portal. */
public enum Lifecycle implements Coded {
    DRAFT("draft"), PUBLISHED("published"), DEPRECATED("deprecated"), RETIRED("retired");

    private final String code;

    Lifecycle(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<Lifecycle> {
        public Converter() {
            super(Lifecycle.class);
        }
    }
}
