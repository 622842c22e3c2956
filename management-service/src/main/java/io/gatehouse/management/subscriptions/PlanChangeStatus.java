package io.gatehouse.management.subscriptions;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/**
 * pending (the new plan needs approval; the old plan stays in force) -> applied or rejected; a pending change is
 * withdrawn when a newer request replaces it or the subscription ends first.
 */
public enum PlanChangeStatus implements Coded {
    PENDING("pending"), APPLIED("applied"), REJECTED("rejected"), WITHDRAWN("withdrawn");

    private final String code;

    PlanChangeStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<PlanChangeStatus> {
        public Converter() {
            super(PlanChangeStatus.class);
        }
    }
}
