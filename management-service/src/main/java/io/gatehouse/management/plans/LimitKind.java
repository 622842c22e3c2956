package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** A rate limit (second, minute, hour) or a calendar quota (day, month). */
public enum LimitKind implements Coded {
    RATE("rate"), QUOTA("quota");

    private final String code;

    LimitKind(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<LimitKind> {
        public Converter() {
            super(LimitKind.class);
        }
    }
}
