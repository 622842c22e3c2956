package io.gatehouse.management.common;

import jakarta.persistence.AttributeConverter;

/** Stores a {@link Coded} enum as its code; one small subclass per enum. */
public abstract class CodedConverter<E extends Enum<E> & Coded> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected CodedConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.code();
    }

    @Override
    public E convertToEntityAttribute(String code) {
        return code == null ? null : Coded.parse(type, code);
    }
}
