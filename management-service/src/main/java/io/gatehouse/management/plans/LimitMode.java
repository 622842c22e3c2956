package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** How limits are enforced: exact (one atomic Redis call per request), leased (budget slices), or auto (leased above a documented rate). */
public enum LimitMode implements Coded {
    AUTO("auto"), EXACT("exact"), LEASED("leased");

    private final String code;

    LimitMode(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<LimitMode> {
        public Converter() {
            super(LimitMode.class);
        }
    }
}
