package io.gatehouse.management.console;

import io.gatehouse.management.common.Coded;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ClientInput;
import io.gatehouse.management.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.Set;

/**
 * Form fields into the admin API's request records: the same records, validated with the same
 * rules, so a form can do nothing the JSON API would refuse.
 */
@ApplicationScoped
public class ConsoleForms {

    private final Validator validator;

    public ConsoleForms(Validator validator) {
        this.validator = validator;
    }

    /**
     * Validates a request record as the admin API would; a violation becomes the same validation problem. A control
     * character in any of its texts is refused first, as the JSON API refuses it while reading the body.
     */
    public <T> T valid(T request) {
        List<Problem.FieldError> control = controlCharacters(request);
        if (!control.isEmpty()) {
            throw ApiProblem.invalidField(control.get(0).field(), control.get(0).message());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    /** The request record's violations as field errors named like the admin API names them ({@code cors.maxAgeSeconds}). */
    public <T> List<Problem.FieldError> violations(T request) {
        List<Problem.FieldError> control = controlCharacters(request);
        if (!control.isEmpty()) {
            return control;
        }
        return validator.validate(request).stream()
                .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
    }

    /**
     * The texts of a request record (its components, in lists, maps and nested records) that hold a control
     * character ({@link ClientInput#textRefusal}), named by their JSON path ({@code headers.set.X-Tag}).
     *
     * @throws IllegalStateException when a record component's accessor cannot be called (a programming error)
     */
    static List<Problem.FieldError> controlCharacters(Object request) {
        List<Problem.FieldError> errors = new java.util.ArrayList<>();
        collect("", request, errors, 0);
        return errors;
    }

    private static void collect(String path, Object value, List<Problem.FieldError> errors, int depth) {
        if (value == null || depth > 6) {
            return;
        }
        if (value instanceof String s) {
            String refusal = ClientInput.textRefusal(s);
            if (refusal != null) {
                errors.add(new Problem.FieldError(path, refusal));
            }
        } else if (value instanceof java.util.Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collect(path + "[" + i++ + "]", item, errors, depth + 1);
            }
        } else if (value instanceof java.util.Map<?, ?> map) {
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                String name = path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey();
                collect(name, e.getKey(), errors, depth + 1);
                collect(name, e.getValue(), errors, depth + 1);
            }
        } else if (value instanceof Record record) {
            for (java.lang.reflect.RecordComponent c : record.getClass().getRecordComponents()) {
                Object component;
                try {
                    java.lang.reflect.Method accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    component = accessor.invoke(record);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // Skipping it would let its texts through unchecked: a request record that cannot be read is our bug.
                    throw new IllegalStateException("Cannot read component " + c.getName() + " of request record "
                            + record.getClass().getName() + " to check its texts", e);
                }
                collect(path.isEmpty() ? c.getName() : path + "." + c.getName(), component, errors, depth + 1);
            }
        }
    }

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static Long number(String field, String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidField(field, "must be a whole number");
        }
    }

    static Integer smallNumber(String field, String value) {
        Long n = number(field, value);
        if (n != null && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
            throw ApiProblem.invalidField(field, "is too large");
        }
        return n == null ? null : n.intValue();
    }

    static BigDecimal decimal(String field, String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidField(field, "must be a decimal number like 19.90");
        }
    }

    /** A required choice of one thing by its id (a select's value); a missing or malformed one is the field's 400. */
    static UUID id(String field, String value) {
        String v = text(value);
        if (v == null) {
            throw ApiProblem.invalidField(field, "choose one");
        }
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, "is not one of the choices");
        }
    }

    /** A form checkbox: present means true. */
    public static boolean checked(String value) {
        return value != null && !value.isBlank() && !value.equals("false");
    }

    static <E extends Enum<E> & Coded> E choice(Class<E> type, String field, String value) {
        String v = text(value);
        return v == null ? null : Coded.queryParam(type, field, v);
    }

    /** A date input ({@code 2026-12-31}): the start of that day in UTC. */
    static Instant day(String field, String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField(field, "must be a day like 2026-12-31");
        }
    }
}
