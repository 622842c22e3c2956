package io.gatehouse.management.plans;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.common.CodedConverter;

/** The window of a limit. */
public enum TimeUnit implements Coded {
    SECOND("second"), MINUTE("minute"), HOUR("hour"), DAY("day"), MONTH("month");

    private final String code;

    TimeUnit(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends CodedConverter<TimeUnit> {
        public Converter() {
            super(TimeUnit.class);
        }
    }
}
