package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** A closed plan takes no new subscriptions; its subscribers keep it. */
public enum PlanStatus implements Coded {
    DRAFT("draft"), PUBLISHED("published"), CLOSED("closed");

    private final String code;

    PlanStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<PlanStatus> {
        public Converter() {
            super(PlanStatus.class);
        }
    }
}
