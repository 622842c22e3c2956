package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** What the gateway does when the counter store is unreachable. */
public enum DegradedMode implements Coded {
    FAIL_OPEN("fail-open"), FAIL_CLOSED("fail-closed");

    private final String code;

    DegradedMode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<DegradedMode> {
        public Converter() {
            super(DegradedMode.class);
        }
    }
}
