package io.gatehouse.management.subscriptions;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** pending (awaiting approval) -> active <-> suspended; cancelled and rejected are final. */
public enum SubscriptionStatus implements Coded {
    PENDING("pending"), ACTIVE("active"), SUSPENDED("suspended"), CANCELLED("cancelled"), REJECTED("rejected");

    private final String code;

    SubscriptionStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<SubscriptionStatus> {
        public Converter() {
            super(SubscriptionStatus.class);
        }
    }
}
