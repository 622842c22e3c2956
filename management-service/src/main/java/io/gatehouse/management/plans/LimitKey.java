package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** What a plan's limits are counted against. */
public enum LimitKey implements Coded {
    SUBSCRIPTION("subscription"), APPLICATION("application"), CLIENT_IP("client-ip");

    private final String code;

    LimitKey(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<LimitKey> {
        public Converter() {
            super(LimitKey.class);
        }
    }
}
