package io.gatehouse.management.keys;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** A revoked key never works again. */
public enum KeyStatus implements Coded {
    ACTIVE("active"), REVOKED("revoked");

    private final String code;

    KeyStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<KeyStatus> {
        public Converter() {
            super(KeyStatus.class);
        }
    }
}
