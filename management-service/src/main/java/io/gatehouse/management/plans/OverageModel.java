package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** Tiered: each request is priced by the tier it falls in. Volume: all requests at the tier the total reaches. */
public enum OverageModel implements Coded {
    TIERED("tiered"), VOLUME("volume");

    private final String code;

    OverageModel(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<OverageModel> {
        public Converter() {
            super(OverageModel.class);
        }
    }
}
