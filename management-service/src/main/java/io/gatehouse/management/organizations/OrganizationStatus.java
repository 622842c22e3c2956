package io.gatehouse.management.organizations;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** Only an active organization's applications and keys reach the gateways. */
public enum OrganizationStatus implements Coded {
    PENDING("pending"), ACTIVE("active"), SUSPENDED("suspended"), REJECTED("rejected");

    private final String code;

    OrganizationStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<OrganizationStatus> {
        public Converter() {
            super(OrganizationStatus.class);
        }
    }
}
