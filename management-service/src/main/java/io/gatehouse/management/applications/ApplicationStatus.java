package io.gatehouse.management.applications;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** A suspended application's keys stop working at every gateway. */
public enum ApplicationStatus implements Coded {
    ACTIVE("active"), SUSPENDED("suspended");

    private final String code;

    ApplicationStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<ApplicationStatus> {
        public Converter() {
            super(ApplicationStatus.class);
        }
    }
}
